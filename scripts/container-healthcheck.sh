#!/bin/bash
# The image's HEALTHCHECK: the liveness probe over plain bash (/dev/tcp), so the image needs no curl or wget.
# The probe is on MANAGEMENT_PORT when that is set (not 0), else on PORT (default 8080).
port=${MANAGEMENT_PORT:-${PORT:-8080}}
exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
printf 'GET /actuator/health/liveness HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
IFS= read -r -t 5 status <&3 || exit 1
[[ $status == "HTTP/1."?" 200"* ]]
