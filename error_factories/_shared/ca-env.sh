# Sourced by the factory Dockerfiles before they install from PyPI or npm.
# `compat capture --docker` puts the host's CA bundle here as host-ca.crt when the
# registries are reached through an intercepting proxy; elsewhere nothing happens.
if [ -f /opt/factory-shared/host-ca.crt ]; then
  export PIP_CERT=/opt/factory-shared/host-ca.crt
  export NODE_EXTRA_CA_CERTS=/opt/factory-shared/host-ca.crt
  export NPM_CONFIG_CAFILE=/opt/factory-shared/host-ca.crt
fi
