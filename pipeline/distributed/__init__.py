"""Distributed runs: the single-process stages as Celery tasks on many workers (docs/distributed.md).

    app.py         the Celery app, configured from `[queue]` (broker, queues, late acknowledgement)
    tasks.py       discover / fetch / retag tasks: thin shells around pipeline.stages and pipeline.retag
    context.py     what a worker process keeps between tasks (database, tagger, fetcher, duplicate index)
    politeness.py  the per-host schedule in Redis that every worker's HttpFetcher obeys
    state.py       a job's progress and counts in Redis (idempotent completion)
    jobs.py        enqueue a run or a retag, follow it, write its end
    worker.py      `frontwatch worker`
    status.py      `frontwatch status`
"""
