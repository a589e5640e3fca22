"""OPS: operations ("Roles and responsibilities")."""

from __future__ import annotations

from datetime import timedelta

from planner.wizard.questions import is_placeholder

from ..findings import ERROR, INFO, WARNING, FindingResult, endpoint_subject, operations_subject

_EXPIRING = ("certificate", "credential")


def _operations(snapshot):
    return snapshot.sync_server.operations if snapshot.sync_server else ()


def expiries(snapshot, ctx):
    """OPS-001 (expired), OPS-002 (expires soon), OPS-008 (no expiry recorded)."""
    soon = ctx.today + timedelta(days=ctx.warning_days)
    for item in _operations(snapshot):
        if item.kind not in _EXPIRING:
            continue
        subject = operations_subject(item)
        what = f"The {item.kind} “{item.name}”"
        if item.expires_on is None:
            yield FindingResult(
                "OPS-008",
                INFO,
                subject,
                f"{what} has no expiry date recorded.",
                "Record its expiry date: certificates and credentials typically have expiration "
                "dates.",
            )
        elif item.expires_on < ctx.today:
            yield FindingResult(
                "OPS-001",
                ERROR,
                subject,
                f"{what} expired on {item.expires_on:%Y-%m-%d}.",
                f"Renew it{' (owner: ' + item.owner + ')' if item.owner else ''} and record the "
                "new expiry date.",
            )
        elif item.expires_on <= soon:
            days = (item.expires_on - ctx.today).days
            yield FindingResult(
                "OPS-002",
                WARNING,
                subject,
                f"{what} expires on {item.expires_on:%Y-%m-%d}, in {days} day"
                f"{'' if days == 1 else 's'}.",
                f"Plan its renewal{' with ' + item.owner if item.owner else ''} before it expires.",
            )


def database_purge(snapshot, ctx):
    """OPS-003: no scheduled database purge task."""
    if any(
        i.kind == "maintenance_task" and i.is_database_purge and i.has_schedule
        for i in _operations(snapshot)
    ):
        return
    yield FindingResult(
        "OPS-003",
        ERROR,
        "plan",
        "No scheduled database purge task is planned for the sync server"
        f"{' ' + snapshot.sync_server.name if snapshot.sync_server else ''} "
        "(a purge task without a schedule does not count).",
        "Plan the database purge task with a schedule: it is critical for stable operation.",
    )


def network(snapshot, ctx):
    """OPS-004: no network path, or no certificate trust for HTTPS."""
    for endpoint in snapshot.endpoints:
        gaps = []
        if not endpoint.network_path:
            gaps.append("no network path (direct or proxy) is recorded")
        elif endpoint.network_path == "proxy" and not (endpoint.proxy_host and endpoint.proxy_port):
            gaps.append("it goes through a proxy without a recorded host and port")
        if endpoint.uses_https and not endpoint.certificate_trust.strip():
            gaps.append("no certificate trust is recorded for its HTTPS address")
        if gaps:
            yield FindingResult(
                "OPS-004",
                WARNING,
                endpoint_subject(endpoint.key),
                f"For {endpoint.name}: {' and '.join(gaps)}.",
                "Record how the sync server reaches the endpoint (direct, or proxy host and "
                "port) and how it trusts its certificate.",
            )


def skills(snapshot, ctx):
    """OPS-005: a required skill area has no named owner."""
    owned = [
        i for i in _operations(snapshot) if i.kind == "skill" and i.owner.strip() and i.skill_area
    ]
    areas = {i.skill_area for i in owned}
    products = {i.product_key for i in owned if i.skill_area == "product"}
    missing = []
    if "server_os" not in areas:
        missing.append("server OS administration")
    if "networking" not in areas:
        missing.append("networking (proxies, certificates, firewalls)")
    for endpoint in snapshot.endpoints:
        if not ({endpoint.product, endpoint.key} - {""}) & products:
            missing.append(f"knowledge of {endpoint.name}")
    if missing:
        yield FindingResult(
            "OPS-005",
            WARNING,
            "plan",
            f"No named owner for: {', '.join(missing)}.",
            "Name an owner for each skill area in the operations register.",
        )


def backups(snapshot, ctx):
    """OPS-006: no backup and restore procedure."""
    server = snapshot.sync_server
    if server is None or is_placeholder(server.backup_procedure):
        yield FindingResult(
            "OPS-006",
            WARNING,
            "plan",
            "No backup and restore procedure is recorded for the sync server.",
            "Describe how backups are taken and how a restore is done (and tested).",
        )


def integration_accounts(snapshot, ctx):
    """OPS-007 (no account / permissions), OPS-010 (SSO), OPS-011 (locale not English)."""
    for endpoint in snapshot.endpoints:
        subject = endpoint_subject(endpoint.key)
        if not endpoint.integration_account.strip():
            yield FindingResult(
                "OPS-007",
                WARNING,
                subject,
                f"{endpoint.name} has no integration (data source) account recorded.",
                "Record the dedicated account the sync tool uses and the permissions it has.",
            )
        elif not endpoint.account_permissions.strip():
            yield FindingResult(
                "OPS-007",
                WARNING,
                subject,
                f"The permissions of {endpoint.name}'s integration account "
                f"{endpoint.integration_account} are not described.",
                "Describe the account's role and permissions on the synchronized projects.",
            )
        if endpoint.auth_method == "sso":
            yield FindingResult(
                "OPS-010",
                WARNING,
                subject,
                f"The integration account of {endpoint.name} "
                f"({endpoint.integration_account or 'unnamed'}) uses single sign-on.",
                "Use a dedicated service account with the product's native authentication.",
            )
        locale = endpoint.account_locale.strip().lower().replace("-", "_")
        if locale and not (locale == "en" or locale.startswith("en_") or locale == "english"):
            yield FindingResult(
                "OPS-011",
                INFO,
                subject,
                f"The integration account of {endpoint.name} uses the locale "
                f"“{endpoint.account_locale}”, not English.",
                "Set English language and locale for the integration account, as the sync "
                "tool's planning checklist asks.",
            )


def test_environment(snapshot, ctx):
    """OPS-009: no test (sandbox) environment."""
    server = snapshot.sync_server
    if server is None or is_placeholder(server.test_environment):
        yield FindingResult(
            "OPS-009",
            WARNING,
            "plan",
            "No test (sandbox) environment is recorded in which the connections are validated "
            "before production.",
            "Record the sandbox server and projects where each connection is validated first.",
        )


RULES = (expiries, database_purge, network, skills, backups, integration_accounts,
         test_environment)  # fmt: skip
