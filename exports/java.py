"""Java 11+ with java.net.http (run as `java PaynetRequest.java`); the env form signs with MessageDigest,
amounts in cents by BigDecimal (never double), values trimmed by String.trim() as the gateway trims."""

SIGN = '''
    // The control recipe: {{source, name, in cents, field whose emptiness leaves the part out}}
    static final String[][] RECIPE = {{
{steps}    }};

    // Major units -> cents, exactly: new BigDecimal("1.15") x 100 is 115 (a double would give 114).
    static String cents(String amount) {{
        return new BigDecimal(amount).movePointRight(2).toBigIntegerExact().toString();
    }}

    static String control(Map<String, String> fields, String key) throws Exception {{
        StringBuilder text = new StringBuilder();
        for (String[] part : RECIPE) {{
            if (part[3] != null && fields.getOrDefault(part[3], "").trim().isEmpty()) continue;
            String value = switch (part[0]) {{
                case "key" -> key;
                case "target" -> part[1];
                default -> fields.getOrDefault(part[1], "");
            }};
            value = value.trim();  // String.trim(): the gateway's own trim
            text.append(part[2] != null ? cents(value) : value);
        }}
        byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.toString().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest);
    }}
'''
CARD = '''
    // Card data is not in this copy: it comes from the environment, a test card only.
    static String card(String name, String hint) {
        String value = System.getenv(name);
        if (value == null || value.isEmpty()) {
            System.err.println("set " + name + " to " + hint);
            System.exit(1);
        }
        return value;
    }
'''
HEAD = '''import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

public class PaynetRequest {
    public static void main(String[] args) throws Exception {
'''
SEND = '''        StringJoiner body = new StringJoiner("&");
        for (Map.Entry<String, String> e : fields.entrySet()) {
            body.add(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                     + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        System.out.println(client.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }
'''


def _java(value) -> str:
    """A Java string literal in ASCII. Control characters are octal escapes: a \\u000a escape would be read
    as a line break before the string is."""
    if value is None:
        return "null"
    out = []
    for ch in value:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif code < 32 or code == 127:
            out.append({"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(ch, f"\\{code:03o}"))
        elif code < 128:
            out.append(ch)
        else:
            out.extend(f"\\u{unit:04x}" for unit in _utf16(ch))
    return '"' + "".join(out) + '"'


def _utf16(ch: str) -> list[int]:
    data = ch.encode("utf-16-be")
    return [int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data), 2)]


def _value(request, name: str, value: str) -> str:
    variable = request.variable(name)
    return f"card({_java(variable.name)}, {_java(variable.hint)})" if variable else _java(value)


def render(request, env: bool) -> str:
    code = HEAD + f"        String url = {_java(request.url)};\n"
    code += "        Map<String, String> fields = new LinkedHashMap<>();\n"
    code += "".join(f"        fields.put({_java(k)}, {_value(request, k, v)});\n" for k, v in request.fields)
    if env:
        code += '        fields.put("control", control(fields, System.getenv("MERCHANT_CONTROL")));\n'
        code += '        System.err.println("control=" + fields.get("control"));\n'
    else:
        code += f'        fields.put("control", {_java(request.placeholder)});\n'
    code += SEND
    if request.variables:
        code += CARD
    if env:
        steps = "".join(f"        {{{_java(s.source)}, {_java(s.name)}, {_java('cents' if s.minor_units else None)}, "
                        f"{_java(s.when)}}},\n" for s in request.steps)
        code += SIGN.format(steps=steps)
    return code + "}\n"
