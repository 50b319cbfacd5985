import pytest

from outbound.environments import EnvironmentsError, builtin, load


def write(tmp_path, text):
    path = tmp_path / "envs.toml"
    path.write_text(text)
    return str(path)


def test_builtin_environments():
    envs = {e.id: e for e in builtin()}
    assert envs["local"].base_url == ""
    assert envs["connpay-sandbox"].base_url == "https://sandbox.connpay.com/paynet"
    assert envs["solidpayments-production"].base_url == "https://gate.solidpayments.com/paynet"
    assert envs["payneteasy-production"].production and not envs["payneteasy-sandbox"].production


def test_custom_environment_loaded(tmp_path):
    path = write(tmp_path, '[[environment]]\nid = "wl"\nname = "White label"\n'
                           'base_url = "https://sandbox.example.test/checkout/"\nproduction = false\n')
    env = {e.id: e for e in load(path)}["wl"]
    assert env.base_url == "https://sandbox.example.test/checkout"
    assert env.url("/api/v2/status/1") == "https://sandbox.example.test/checkout/api/v2/status/1"


@pytest.mark.parametrize("text, message", [
    ('[[environment]]\nid = "local"\nname = "x"\nbase_url = "http://127.0.0.1:1/p"\n',
     "entry 1: id 'local' is already taken (built-in or repeated)."),
    ('[[environment]]\nid = "x"\nname = "x"\nbase_url = "ftp://host/p"\n',
     "entry 1: base_url must be an http:// or https:// URL with a host, got 'ftp://host/p'."),
    ('[[environment]]\nid = "x"\nname = "x"\n', "entry 1: base_url is required and must be a non-empty string."),
    ('[[environment]]\nid = "x"\nname = "x"\nbase_url = "http://h/p"\nproduction = "yes"\n',
     "entry 1: production must be true or false."),
    ("[[environment]\nid=", "not valid TOML"),
])
def test_bad_environments_file(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(EnvironmentsError) as exc:
        load(path)
    assert message in str(exc.value)
    assert path in str(exc.value)


def test_missing_environments_file(tmp_path):
    with pytest.raises(EnvironmentsError) as exc:
        load(str(tmp_path / "nope.toml"))
    assert "cannot be read" in str(exc.value)
