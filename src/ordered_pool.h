/* ordered_pool: jobs run on worker threads, their results taken in order
 * by the thread that asked (ordered_pool.c). */
#ifndef KEHOACH_ORDERED_POOL_H
#define KEHOACH_ORDERED_POOL_H

#include <stddef.h>

/* Runs job in slot (job % window) with a worker's own context: 0, or
 * non-zero to stop every job. */
typedef int (*pool_run_fn)(void *worker, size_t job, size_t slot);
/* Takes a job's result from its slot, in the calling thread and in job
 * order: 0, or non-zero to stop. The slot is free for another job after. */
typedef int (*pool_take_fn)(void *ctx, size_t job, size_t slot);

struct ordered_pool {
	size_t n_jobs;
	/* At most this many jobs run or wait to be taken at once: the slots
	 * a job's result is kept in until taken, so memory stays bounded
	 * however many jobs there are. */
	size_t window;
	/* One thread per context (n_threads of them). */
	void **workers;
	size_t n_threads;
	/* The calling thread's context: it runs jobs too while the one it
	 * takes next is not done (no thread stays idle while it writes
	 * little), and every job when there are no threads. */
	void *caller;
	pool_run_fn run;
	pool_take_fn take;
	/* NULL, or run by the calling thread before it takes the first job,
	 * while the threads begin theirs (with ctx): 0, or non-zero to stop
	 * the pool before anything is taken. */
	int (*prelude)(void *ctx);
	void *ctx;
	/* Set by ordered_pool_run(): the context whose job stopped the
	 * pool, or NULL (no job failed, or take stopped it). */
	void *failed_worker;
};

/* Runs every job and takes them in order, until one of run or take
 * returns non-zero; then no further job starts. Returns 0, or that
 * value. Falls back to the calling thread alone when no thread can be
 * made. */
int ordered_pool_run(struct ordered_pool *pool);

#endif
