# ruff: noqa: F821
# (Python 2.7 code: the model names come from the `sentry exec` preamble.)
# sentry-compat reference oracle: bootstrap, run by Sentry 9.1.2's Python 2.7 through
#   SENTRY_CONF=<dir>/conf <dir>/venv/bin/sentry exec bootstrap.py
# `sentry exec` prepends a preamble that configures Sentry and imports django's settings and
# all of sentry.models, unless the script contains that configure import itself (a plain text
# test in 9.1.2's runner/commands/exec.py), so this file must not spell it out, not even here.
#
# Idempotent: creates (or finds) the admin superuser, its owner membership in the default
# organization, a team and a project for the oracle, the project's DSN key and an API token,
# then writes them as JSON to the file named by $SENTRY_COMPAT_BOOTSTRAP_OUT.
# Inputs come from the environment: SENTRY_COMPAT_ADMIN_EMAIL, SENTRY_COMPAT_ADMIN_PASSWORD,
# SENTRY_COMPAT_PROJECT (slug), SENTRY_COMPAT_API_TOKEN (64 hex digits, chosen by the installer).
# The project is created like 9.1.2's team projects endpoint does (Project.objects.create, then
# add_team; the post_save receiver creates the default ProjectKey), with no project options set,
# so every project option keeps 9.1.2's default (data scrubbing on, no inbound filters).
# (No __future__ import here: 9.1.2's `sentry exec` mis-parses scripts that have one,
# runner/commands/exec.py calls str.startswith with three arguments.)
import json
import os

from sentry import VERSION as SENTRY_VERSION
from sentry import roles

env = os.environ
email = env["SENTRY_COMPAT_ADMIN_EMAIL"]
password = env["SENTRY_COMPAT_ADMIN_PASSWORD"]
slug = env.get("SENTRY_COMPAT_PROJECT", "oracle")
token_value = env["SENTRY_COMPAT_API_TOKEN"]
out_path = env["SENTRY_COMPAT_BOOTSTRAP_OUT"]

org = Organization.get_default()  # from the `sentry exec` preamble

user = User.objects.filter(username=email).first()
if user is None:
    user = User(email=email, username=email, is_superuser=True, is_staff=True, is_active=True)
user.set_password(password)
user.is_superuser = True
user.is_staff = True
user.is_active = True
user.save()

member = OrganizationMember.objects.filter(organization=org, user=user).first()
if member is None:
    member = OrganizationMember.objects.create(
        organization=org, user=user, role=roles.get_top_dog().id
    )

team = Team.objects.filter(organization=org, slug=slug).first()
if team is None:
    team = Team.objects.create(organization=org, slug=slug, name=slug)
if not OrganizationMemberTeam.objects.filter(team=team, organizationmember=member).exists():
    OrganizationMemberTeam.objects.create(team=team, organizationmember=member)

project = Project.objects.filter(organization=org, slug=slug).first()
if project is None:
    project = Project.objects.create(organization=org, slug=slug, name=slug)
    project.add_team(team)

key = ProjectKey.objects.filter(project=project).order_by("id").first()
if key is None:
    key = ProjectKey.objects.create(project=project)

token = ApiToken.objects.filter(token=token_value).first()
if token is None:
    token = ApiToken.objects.create(
        user=user, token=token_value, scope_list=sorted(settings.SENTRY_SCOPES)
    )

result = {
    "sentry_version": SENTRY_VERSION,
    "org": org.slug,
    "org_id": org.id,
    "team": team.slug,
    "project": project.slug,
    "project_id": project.id,
    "key_id": key.id,
    "public_key": key.public_key,
    "secret_key": key.secret_key,
    "api_token": token.token,
    "admin_email": user.email,
    "admin_user_id": user.id,
}
with open(out_path + ".tmp", "w") as fp:
    fp.write(json.dumps(result, sort_keys=True))
os.rename(out_path + ".tmp", out_path)
print("sentry-compat bootstrap: project %s (id %s), key %s" % (project.slug, project.id, key.id))
