#!/usr/bin/env bash
# Makes sure PostgreSQL, Redis and RabbitMQ answer on 127.0.0.1, starting any that is down
# (with the commands these machines use; see ../shared/ENVIRONMENT.md). With Docker, use
# `docker compose up -d postgres redis rabbitmq` instead.
set -euo pipefail

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() { # name port seconds
  local deadline=$((SECONDS + $3))
  until port_open "$2"; do
    if ((SECONDS >= deadline)); then echo "ensure-services: $1 did not open port $2 within $3 s" >&2; return 1; fi
    sleep 0.5
  done
}

if ! port_open 5432; then
  echo "ensure-services: starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
fi
if ! port_open 6379; then
  echo "ensure-services: starting Redis"
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
fi
if ! port_open 5672; then
  echo "ensure-services: starting RabbitMQ"
  rabbitmq-server -detached || true
fi

wait_port PostgreSQL 5432 60
wait_port Redis 6379 30
wait_port RabbitMQ 5672 120
# RabbitMQ opens its port before it accepts work; wait until the node reports it is running.
if command -v rabbitmqctl >/dev/null; then
  for _ in $(seq 1 60); do rabbitmqctl -q await_startup >/dev/null 2>&1 && break; sleep 1; done
fi
echo "ensure-services: PostgreSQL, Redis and RabbitMQ are up"
