# sentry-compat reference oracle: Sentry 9.1.2 settings.
# Template rendered by sentry_compat.reference.install into <oracle dir>/conf/sentry.conf.py;
# the $${name} fields are filled in from the install options. Based on 9.1.2's own
# src/sentry/data/config/sentry.conf.py.default, plus the oracle overrides marked below.
import os.path

from sentry.conf.server import *  # noqa: F403

CONF_ROOT = os.path.dirname(__file__)

DATABASES = {
    "default": {
        "ENGINE": "sentry.db.postgres",
        "NAME": "${db_name}",
        "USER": "${db_user}",
        "PASSWORD": "${db_password}",
        "HOST": "${pg_host}",
        "PORT": "${pg_port}",
        "AUTOCOMMIT": True,
        "ATOMIC_REQUESTS": False,
    }
}

SENTRY_USE_BIG_INTS = True
SENTRY_SINGLE_ORGANIZATION = True
DEBUG = False

SENTRY_CACHE = "sentry.cache.redis.RedisCache"
BROKER_URL = "redis://${redis_host}:${redis_port}"
SENTRY_RATELIMITER = "sentry.ratelimits.redis.RedisRateLimiter"
SENTRY_BUFFER = "sentry.buffer.redis.RedisBuffer"
SENTRY_QUOTAS = "sentry.quotas.redis.RedisQuota"
SENTRY_TSDB = "sentry.tsdb.redis.RedisTSDB"
SENTRY_DIGESTS = "sentry.digests.backends.redis.RedisBackend"

SENTRY_WEB_HOST = "${web_host}"
SENTRY_WEB_PORT = int("${port}")
SENTRY_WEB_OPTIONS = {
    # uwsgi writes the master's pid here; `compat reference down` stops it by that pid.
    "pidfile": "${web_pidfile}",
}

# --- oracle overrides -------------------------------------------------------
# Run preprocess/process/save inside the store request: the event is saved when
# the store call answers, and no celery worker is needed.
CELERY_ALWAYS_EAGER = True
# No phoning home.
SENTRY_BEACON = False
# Keep every event.  9.1.2 samples the events of busy groups (SENTRY_SAMPLE_DATA,
# EventManager._save_aggregate: after ~50 events only some get an Event row), so an
# experiment posting many similar events would find some of them missing.  Sampling
# decides only whether an event is kept, never what is stored for it.
SENTRY_SAMPLE_DATA = False
