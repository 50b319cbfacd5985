"""Hypothesis strategies for what people paste into the debugger, by its grammar: request lines with odd hosts
(brackets, IPv6 literals, a card number in brackets), ports, schemes and control characters; curl commands in
every flag form (quoted and not, --flag=value, -dvalue, continuations, unclosed quotes); URLs and log lines."""

from hypothesis import strategies as st

CONTROL = "".join(map(chr, range(0x20))) + "\x7f"
HOSTS = st.one_of(
    st.sampled_from(["sandbox.example.com", "[::1]", "[4111111111111111]", "[", "]", "[::1", "::1]", "[v1.x]",
                     "[fe80::1%eth0]", "[::ffff:127.0.0.1]", "1.2.3.4", "0x7f.1", "user:pass@host", "", "h\x00st",
                     "[[::1]]", "ex ample.com", "xn--e1afmkfd.xn--p1ai", "пример.рф"]),
    st.text(alphabet=".:[]%@0123456789abcdefx-", max_size=24),
)
PORTS = st.one_of(st.just(""), st.sampled_from([":0", ":443", ":99999", ":-1", ":abc", ":", "::", ":8080:1"]),
                  st.text(alphabet=":0123456789ab", max_size=8))
SCHEMES = st.sampled_from(["http://", "https://", "HTTP://", "ftp://", "javascript:", "//", "", "http:/", "http:"])
PATHS = st.one_of(
    st.sampled_from(["/paynet/api/v2/sale/1111", "/paynet/api/v2/make-rebill-sale/group/2222", "/api/v2/status/1",
                     "/api/3ds/v1/upload-cres-result/1", "/x", "", "/%zz", "/api/v2/", "/[x]/api/v2/sale/1"]),
    st.text(alphabet="/abcv2-_%[]?#&=.", max_size=30),
)
PAIRS = st.lists(st.tuples(st.sampled_from(["login", "client_orderid", "amount", "control", "credit_card_number",
                                            "cvv2", "x", ""]),
                           st.text(alphabet="0123456789.abc%&=+ \t" + CONTROL[:4], max_size=20)),
                 max_size=6).map(lambda pairs: "&".join(f"{k}={v}" for k, v in pairs))
ODD = st.text(alphabet=CONTROL + "'\"\\[]{}%", max_size=6)
URLS = st.builds(lambda s, h, p, path, q: f"{s}{h}{p}{path}" + (f"?{q}" if q else ""), SCHEMES, HOSTS, PORTS,
                 PATHS, PAIRS)


def _request(method, target, headers, body, odd):
    return f"{method} {target} HTTP/1.1\n" + "".join(f"{h}\n" for h in headers) + f"\n{body}{odd}"


HTTP = st.builds(_request, st.sampled_from(["POST", "GET", "post", "PUT"]),
                 st.one_of(URLS, PATHS, st.builds(lambda h, p, path: h + p + path, HOSTS, PORTS, PATHS)),
                 st.lists(st.one_of(st.builds(lambda h, p: f"Host: {h}{p}", HOSTS, PORTS),
                                    st.sampled_from(["Content-Type: application/x-www-form-urlencoded", "X", ": v",
                                                     "Bad Header: 1"])), max_size=3),
                 PAIRS, ODD)
QUOTES = st.sampled_from(["", "'", '"'])


def _flag(form, value, quote):
    return form.format(v=f"{quote}{value}{quote}")


FLAG_FORMS = ["-d {v}", "--data {v}", "--data-raw {v}", "--data-binary {v}", "--data-ascii {v}", "--data={v}",
              "--data-raw={v}", "-d{v}", "--data-urlencode {v}", "-X {v}", "--request {v}", "-H {v}", "--header {v}",
              "--url {v}", "-G", "--get", "-u {v}", "-A {v}", "--compressed", "-sS", "\\\n", "-", "--"]
CURL = st.builds(
    lambda prefix, url, quote, flags, tail: f"{prefix}curl {quote}{url}{quote} " + " ".join(flags) + tail,
    st.sampled_from(["", "$ ", "'", " \t"]), URLS, QUOTES,
    st.lists(st.builds(_flag, st.sampled_from(FLAG_FORMS), st.one_of(PAIRS, URLS, HOSTS), QUOTES), max_size=5),
    st.sampled_from(["", "'", '"', " \\", "\\\n"]),
)
LOGS = st.builds(lambda url, body, odd: f"2026-12-02 12:00:00 INFO POST {url} body={body}{odd}", URLS, PAIRS, ODD)
PASTES = st.one_of(HTTP, CURL, URLS, LOGS, PAIRS, st.builds(lambda a, b: a + "\n" + b, HTTP, CURL))
