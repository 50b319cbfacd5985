"""PHP with the openssl and curl extensions: rawurlencode (RFC 3986) and openssl_sign with OPENSSL_ALGO_SHA256."""

from exports.php import CARD, _php

from .common import ENCODING, KEY_FILE, KEY_UNREADABLE, KEY_UNSET, intro

KEY = '''// The key in the file {key} names: PEM, PKCS#8 or PKCS#1.
$keyFile = getenv('{key}');
if ($keyFile === false || $keyFile === '') {{
    fwrite(STDERR, {unset} . "\\n");
    exit(1);
}}
$pem = @file_get_contents($keyFile);
$key = $pem === false ? false : openssl_pkey_get_private($pem);
if ($key === false) {{
    fwrite(STDERR, {unreadable} . $keyFile . "\\n");
    exit(1);
}}
'''
SIGN = '''
// {encoding}: rawurlencode (urlencode and http_build_query would make a space '+')
$oauth = [
    'oauth_consumer_key' => $consumerKey,
    'oauth_nonce' => bin2hex(random_bytes(16)),  // new for every request
    'oauth_signature_method' => 'RSA-SHA256',
    'oauth_timestamp' => (string) time(),
    'oauth_version' => '1.0',
];
$encoded = fn($pair) => rawurlencode($pair[0]) . '=' . rawurlencode($pair[1]);
$body = implode('&', array_map($encoded, $fields));
$params = [];
foreach ([...$fields, ...array_map(null, array_keys($oauth), $oauth)] as [$name, $value]) {{
    $params[] = [rawurlencode($name), rawurlencode($value)];
}}
// Sorted by encoded name, then encoded value, byte by byte
usort($params, fn($a, $b) => strcmp($a[0], $b[0]) ?: strcmp($a[1], $b[1]));
$normalized = implode('&', array_map(fn($p) => $p[0] . '=' . $p[1], $params));
$base = 'POST&' . rawurlencode($url) . '&' . rawurlencode($normalized);
if (!openssl_sign($base, $signature, $key, OPENSSL_ALGO_SHA256)) {{
    fwrite(STDERR, openssl_error_string() . "\\n");
    exit(1);
}}
$oauth['oauth_signature'] = base64_encode($signature);
ksort($oauth, SORT_STRING);
$authorization = 'OAuth ' . implode(', ', array_map(fn($k, $v) => rawurlencode($k) . '="' . rawurlencode($v) . '"',
                                                    array_keys($oauth), $oauth));

$ch = curl_init($url);
curl_setopt_array($ch, [
    CURLOPT_POST => true,
    CURLOPT_POSTFIELDS => $body,
    CURLOPT_HTTPHEADER => ['Authorization: ' . $authorization, 'Content-Type: application/x-www-form-urlencoded'],
    CURLOPT_RETURNTRANSFER => true,
    CURLOPT_TIMEOUT => 30,
]);
echo curl_exec($ch), "\\n";
curl_close($ch);
'''


def _value(request, name: str, value: str) -> str:
    variable = request.variable(name)
    return f"$card({_php(variable.name)}, {_php(variable.hint)})" if variable else _php(value)


def render(request) -> str:
    name = (request.command or "request").replace("/", "-")
    rows = "".join(f"    [{_php(k)}, {_value(request, k, v)}],\n" for k, v in request.fields)
    code = "<?php\n" + "\n".join(intro(request, "//", f"php {name}.php")) + "\n"
    code += KEY.format(key=KEY_FILE, unset=_php(KEY_UNSET), unreadable=_php(KEY_UNREADABLE))
    code += "\n" + (CARD if request.variables else "")
    code += f"$url = {_php(request.url)};\n$consumerKey = {_php(request.consumer_key)};\n"
    code += f"$fields = [  // as sent, in order\n{rows}];\n"
    return code + SIGN.format(encoding=ENCODING)
