"""One command declaration: the form class holds its Command, and every part of the tool reads that object."""

from forms import load_registry


def test_every_part_reads_the_form_s_own_command(app_factory):
    app = app_factory()
    status = load_registry()["status"]
    assert app.extensions["commands"]["status"] is status
    assert app.extensions["specs"]["status"] is status.command  # what the debugger reads
    assert app.extensions["sandbox"].specs["status"] is status.command  # the sandbox, by wire name
    sync = load_registry()["sync-account-verification"].command
    assert app.extensions["sandbox"].specs["sync/account-verification"] is sync


def test_the_registry_binds_the_form_s_parameters_and_rules():
    status = load_registry()["status"]
    assert status.command.names == ("login", "client_orderid", "orderid", "by-request-sn")
    assert status.command.required == ("login", "client_orderid")
    assert status.command.validate == status.check
    assert status.command.validate({"login": "demo", "client_orderid": "R1"}) == {}
    assert status.command.validate({"client_orderid": "R1"}) == {"login": ["login is required."]}


def test_one_path_builder():
    registry = load_registry()
    assert registry["sale"].command.path("endpoint", "1111") == "/api/v2/sale/1111"
    assert registry["sale"].command.path("group", " 2222 ") == "/api/v2/sale/group/2222"
    assert registry["sale"].command.path("group") == "/api/v2/sale/group/ENDPOINTGROUPID"
    assert registry["upload-cres-result"].command.path("group", "2222") == "/api/3ds/v1/upload-cres-result/2222"
    assert registry["sync-account-verification"].command.route == "/api/v2/sync/account-verification"
