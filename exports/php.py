"""PHP with the curl extension; the env form signs with sha1(), amounts in cents on the digits."""

SIGN = '''
// As the gateway trims (Java's String.trim): bytes up to 0x20 at both ends.
$javaTrim = fn($text) => trim($text, "\\x00..\\x20");
// Major units -> cents on the digits, never through a float ((int)(1.15 * 100) is 114).
$cents = function ($amount) {{
    $pieces = explode('.', $amount, 2);
    $digits = ltrim($pieces[0] . str_pad($pieces[1] ?? '', 2, '0'), '0');
    return $digits === '' ? '0' : $digits;
}};
// The control recipe: [source, name, in cents, field whose emptiness leaves the part out]
$recipe = [
{steps}];
$key = getenv('MERCHANT_CONTROL');
$parts = [];
foreach ($recipe as [$source, $name, $inCents, $when]) {{
    if ($when !== null && $javaTrim($fields[$when] ?? '') === '') {{
        continue;
    }}
    $value = $javaTrim($source === 'key' ? $key : ($source === 'target' ? $name : ($fields[$name] ?? '')));
    $parts[] = $inCents ? $cents($value) : $value;
}}
$fields['control'] = sha1(implode('', $parts));
fwrite(STDERR, "control={{$fields['control']}}\\n");
'''
CARD = '''// Card data is not in this copy: it comes from the environment, a test card only.
$card = function ($name, $hint) {
    $value = getenv($name);
    if ($value === false || $value === '') {
        fwrite(STDERR, "set $name to $hint\\n");
        exit(1);
    }
    return $value;
};

'''
TAIL = '''
$ch = curl_init($url);
curl_setopt_array($ch, [
    CURLOPT_POST => true,
    CURLOPT_POSTFIELDS => http_build_query($fields),
    CURLOPT_RETURNTRANSFER => true,
    CURLOPT_TIMEOUT => 30,
]);
echo curl_exec($ch), "\\n";
curl_close($ch);
'''


def _php(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _value(request, name: str, value: str) -> str:
    variable = request.variable(name)
    return f"$card({_php(variable.name)}, {_php(variable.hint)})" if variable else _php(value)


def render(request, env: bool) -> str:
    rows = "".join(f"    {_php(k)} => {_value(request, k, v)},\n" for k, v in request.fields)
    code = "<?php\n" + (CARD if request.variables else "")
    code += f"$url = {_php(request.url)};\n$fields = [\n{rows}];\n"
    if env:
        steps = "".join(f"    [{_php(s.source)}, {_php(s.name)}, {_php(s.minor_units)}, {_php(s.when)}],\n"
                        for s in request.steps)
        code += SIGN.format(steps=steps)
    else:
        code += f"$fields['control'] = {_php(request.placeholder)};\n"
    return code + TAIL
