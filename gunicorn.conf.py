"""gunicorn's production settings: the one place both docs/DEPLOY.md and `make bench` use.

gunicorn reads this file by itself when started from the repository's root
(`.venv/bin/gunicorn`); the benchmark passes it with `-c`. An option on the command line
wins over the file (`--bind`, `--workers`).

Threaded workers (gthread), not sync: a client that reads a download or sends an upload
slowly holds one thread of a worker, not the whole process, so a few buyers on a slow phone
line cannot stall the site; and the worker's heartbeat runs in its main loop, apart from the
threads, so a long download is not killed by `timeout` while it streams. Pages are mostly
Python work under the GIL, so threads add no throughput there: the three processes stay
(about two per core), and the threads are there for the clients that wait (`make bench`,
docs/PERFORMANCE.md, "Slow clients").
"""

wsgi_app = "config.wsgi:application"
bind = "127.0.0.1:8000"
workers = 3
worker_class = "gthread"
# Per worker: 3 × 8 = 24 requests in flight at once, each with its own database connection
# (kept for CONN_MAX_AGE; count them against PostgreSQL's max_connections).
threads = 8
# With gthread this is only the heartbeat of the worker's main loop: a worker whose loop
# stops answering for 30 s is replaced. A slow download or upload does not count against it.
timeout = 30
graceful_timeout = 30
# Idle keep-alive connections wait in the worker's poller, not in a thread.
keepalive = 5
# gunicorn 27 opens a control socket (~/.gunicorn/gunicorn.ctl) for runtime commands. The
# site does not use it, and two gunicorns of one user (a release beside the old one, the
# bench beside a server) would share its path.
control_socket_disable = True
