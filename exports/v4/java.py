"""Java 17+ (run as `java PaynetV4Request.java`): Signature SHA256withRSA with a PKCS#8 key read from the file,
java.net.http to send; its own RFC 3986 encoder (URLEncoder is a form encoder)."""

from string import Template

from exports.java import CARD, _java

from .common import ENCODING, KEY_FILE, KEY_UNREADABLE, KEY_UNSET, intro

HEAD = r'''import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

public class PaynetV4Request {
    public static void main(String[] args) throws Exception {
        PrivateKey key = privateKey();
'''
SIGN = Template(r'''
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        Map<String, String> oauth = new TreeMap<>();  // by name: the header's order
        oauth.put("oauth_consumer_key", consumerKey);
        oauth.put("oauth_nonce", HexFormat.of().formatHex(random));  // new for every request
        oauth.put("oauth_signature_method", "RSA-SHA256");
        oauth.put("oauth_timestamp", Long.toString(System.currentTimeMillis() / 1000));
        oauth.put("oauth_version", "1.0");
        List<String[]> params = new ArrayList<>();
        StringJoiner body = new StringJoiner("&");
        for (String[] field : fields) {
            params.add(new String[] {enc(field[0]), enc(field[1])});
            body.add(enc(field[0]) + "=" + enc(field[1]));
        }
        for (Map.Entry<String, String> e : oauth.entrySet()) {
            params.add(new String[] {enc(e.getKey()), enc(e.getValue())});
        }
        // Sorted by encoded name, then encoded value (ASCII: String order is byte order)
        params.sort(Comparator.<String[], String>comparing(p -> p[0]).thenComparing(p -> p[1]));
        StringJoiner normalized = new StringJoiner("&");
        for (String[] p : params) {
            normalized.add(p[0] + "=" + p[1]);
        }
        String base = "POST&" + enc(url) + "&" + enc(normalized.toString());
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(key);
        signer.update(base.getBytes(StandardCharsets.UTF_8));
        oauth.put("oauth_signature", Base64.getEncoder().encodeToString(signer.sign()));
        StringJoiner authorization = new StringJoiner(", ", "OAuth ", "");
        for (Map.Entry<String, String> e : oauth.entrySet()) {
            authorization.add(enc(e.getKey()) + "=\"" + enc(e.getValue()) + "\"");
        }

        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
            .header("Authorization", authorization.toString())
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        System.out.println(client.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    // $encoding.
    // Not URLEncoder: a form encoder, it would make a space '+', keep '*' and encode '~'.
    static String enc(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            boolean unreserved = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                                 || c == '-' || c == '.' || c == '_' || c == '~';
            if (unreserved) {
                out.append(c);
            } else {
                out.append(String.format("%%%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    // The key in the file $key names. Java reads a PKCS#8 PEM (-----BEGIN PRIVATE KEY-----):
    // convert a PKCS#1 one (-----BEGIN RSA PRIVATE KEY-----) once with
    //   openssl pkcs8 -topk8 -nocrypt -in rsa-private.pem -out private.pem
    static PrivateKey privateKey() {
        String file = System.getenv("$key");
        if (file == null || file.isEmpty()) {
            System.err.println($unset);
            System.exit(1);
        }
        try {
            String pem = Files.readString(Path.of(file));
            if (pem.contains("-----BEGIN RSA PRIVATE KEY-----")) {
                System.err.println(file + " is a PKCS#1 key: convert it once with openssl pkcs8 -topk8 -nocrypt -in "
                                   + file + " -out private.pem");
                System.exit(1);
            }
            byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IOException | IllegalArgumentException | GeneralSecurityException e) {  // a bad path or Base64 too
            System.err.println($unreadable + file + ": " + e);
            System.exit(1);
            return null;
        }
    }
''')


def _value(request, name: str, value: str) -> str:
    variable = request.variable(name)
    return f"card({_java(variable.name)}, {_java(variable.hint)})" if variable else _java(value)


def render(request) -> str:
    code = "\n".join(intro(request, "//", "java PaynetV4Request.java")) + "\n" + HEAD
    code += f"        String url = {_java(request.url)};\n"
    code += f"        String consumerKey = {_java(request.consumer_key)};\n"
    code += "        List<String[]> fields = new ArrayList<>();  // as sent, in order\n"
    code += "".join(f"        fields.add(new String[] {{{_java(k)}, {_value(request, k, v)}}});\n"
                    for k, v in request.fields)
    code += SIGN.substitute(encoding=ENCODING, key=KEY_FILE, unset=_java(KEY_UNSET),
                            unreadable=_java(KEY_UNREADABLE))
    return code + (CARD if request.variables else "") + "}\n"
