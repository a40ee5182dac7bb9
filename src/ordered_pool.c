/* ordered_pool: a report's units are built on helper threads, each with
 * a connection of its own, while the calling thread writes them out in
 * their order. The window of slots keeps the memory to a few jobs'
 * results: a worker that runs ahead waits for its slot to be taken. */
#include "ordered_pool.h"

#include <pthread.h>
#include <stdbool.h>

#include "kehoach/util.h"

struct pool_run {
	struct ordered_pool *pool;
	pthread_mutex_t lock;
	pthread_cond_t job_done;     /* the taker waits on it */
	pthread_cond_t slot_free;    /* workers wait on it */
	size_t next_job;             /* the next to hand out */
	size_t next_take;            /* the next to take */
	bool *done;                  /* per slot: its job has finished */
	bool stop;
	int rc;
};

struct pool_thread {
	struct pool_run *run;
	void *worker;
	pthread_t thread;
};

/* Records why the pool stops (the first reason only). */
static void stop_locked(struct pool_run *run, int rc, void *worker)
{
	if (!run->stop) {
		run->stop = true;
		run->rc = rc;
		run->pool->failed_worker = worker;
	}
	pthread_cond_broadcast(&run->slot_free);
	pthread_cond_signal(&run->job_done);
}

/* Runs job with worker's context, the lock released meanwhile, and
 * notes it done (and the pool stopped, when it failed). Called and
 * returns with the lock held. */
static void run_job_locked(struct pool_run *run, void *worker, size_t job)
{
	struct ordered_pool *pool = run->pool;
	pthread_mutex_unlock(&run->lock);
	int rc = pool->run(worker, job, job % pool->window);
	pthread_mutex_lock(&run->lock);
	if (rc != 0)
		stop_locked(run, rc, worker);
	run->done[job % pool->window] = true;
}

/* Whether a job may be handed out: there is one, and a slot for it. */
static bool job_ready_locked(const struct pool_run *run)
{
	const struct ordered_pool *pool = run->pool;
	return run->next_job < pool->n_jobs &&
	       run->next_job < run->next_take + pool->window;
}

static void *pool_worker(void *arg)
{
	struct pool_thread *t = arg;
	struct pool_run *run = t->run;
	pthread_mutex_lock(&run->lock);
	for (;;) {
		while (!run->stop && run->next_job < run->pool->n_jobs &&
		       !job_ready_locked(run))
			pthread_cond_wait(&run->slot_free, &run->lock);
		if (run->stop || !job_ready_locked(run))
			break;
		run_job_locked(run, t->worker, run->next_job++);
		pthread_cond_signal(&run->job_done);
	}
	pthread_mutex_unlock(&run->lock);
	return NULL;
}

/* Every job in the calling thread: each run just before it is taken. */
static int run_alone(struct ordered_pool *pool)
{
	int prelude = pool->prelude ? pool->prelude(pool->ctx) : 0;
	if (prelude != 0)
		return prelude;
	for (size_t job = 0; job < pool->n_jobs; job++) {
		size_t slot = job % pool->window;
		int rc = pool->run(pool->caller, job, slot);
		if (rc != 0) {
			pool->failed_worker = pool->caller;
			return rc;
		}
		if ((rc = pool->take(pool->ctx, job, slot)) != 0)
			return rc;
	}
	return 0;
}

/* Runs the next job not yet handed out, in the calling thread, when
 * one may be; called and returns with the lock held. Returns whether it
 * ran one. */
static bool run_one_here(struct pool_run *run)
{
	if (run->stop || !job_ready_locked(run))
		return false;
	run_job_locked(run, run->pool->caller, run->next_job++);
	return true;
}

/* Takes the jobs in order as they are done, running jobs itself while
 * the next to take is not. */
static void take_in_order(struct pool_run *run)
{
	struct ordered_pool *pool = run->pool;
	for (size_t job = 0; job < pool->n_jobs; job++) {
		size_t slot = job % pool->window;
		pthread_mutex_lock(&run->lock);
		while (!run->stop && !run->done[slot])
			if (!run_one_here(run))
				pthread_cond_wait(&run->job_done, &run->lock);
		bool stopped = run->stop;
		pthread_mutex_unlock(&run->lock);
		if (stopped)
			return;

		int rc = pool->take(pool->ctx, job, slot);

		pthread_mutex_lock(&run->lock);
		run->done[slot] = false;
		run->next_take++;
		if (rc != 0)
			stop_locked(run, rc, NULL);
		else
			pthread_cond_broadcast(&run->slot_free);
		pthread_mutex_unlock(&run->lock);
		if (rc != 0)
			return;
	}
}

int ordered_pool_run(struct ordered_pool *pool)
{
	pool->failed_worker = NULL;
	if (pool->window == 0)
		pool->window = 1;
	if (pool->n_threads == 0 || pool->n_jobs == 0)
		return run_alone(pool);

	struct pool_run run = { .pool = pool };
	run.done = x_calloc(pool->window, sizeof(*run.done));
	pthread_mutex_init(&run.lock, NULL);
	pthread_cond_init(&run.job_done, NULL);
	pthread_cond_init(&run.slot_free, NULL);
	struct pool_thread *threads = x_calloc(pool->n_threads, sizeof(*threads));
	size_t started = 0;
	for (; started < pool->n_threads; started++) {
		threads[started] = (struct pool_thread){ &run, pool->workers[started], 0 };
		if (pthread_create(&threads[started].thread, NULL, pool_worker,
				   &threads[started]) != 0)
			break;
	}

	int rc;
	if (started == 0) {
		rc = run_alone(pool);
	} else {
		int prelude = pool->prelude ? pool->prelude(pool->ctx) : 0;
		pthread_mutex_lock(&run.lock);
		if (prelude != 0)
			stop_locked(&run, prelude, NULL);
		pthread_mutex_unlock(&run.lock);
		take_in_order(&run);
		pthread_mutex_lock(&run.lock);
		stop_locked(&run, 0, NULL);   /* wakes workers waiting for a slot */
		rc = run.rc;
		pthread_mutex_unlock(&run.lock);
	}
	for (size_t i = 0; i < started; i++)
		pthread_join(threads[i].thread, NULL);
	x_free(threads);
	pthread_cond_destroy(&run.slot_free);
	pthread_cond_destroy(&run.job_done);
	pthread_mutex_destroy(&run.lock);
	x_free(run.done);
	return rc;
}
