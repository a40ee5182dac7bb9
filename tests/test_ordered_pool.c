/* Unit tests of ordered_pool: results taken in job order whatever order
 * the threads finish them in, never more jobs out than the window, the
 * calling thread running jobs too, a failing job stopping the rest, and
 * the prelude the calling thread runs while the threads begin. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <time.h>

#include "ordered_pool.h"

#define JOBS 200
#define WINDOW 4
#define MAX_WINDOW 9

struct shared {
	atomic_int out;              /* jobs begun and not yet taken */
	atomic_int most_out;
	atomic_int ran;
	int slot_job[MAX_WINDOW];    /* the job each slot holds */
	size_t taken;
	int fail_at;                 /* a job that fails, or -1 */
	int refuse_at;               /* a job take() refuses, or -1 */
	/* The prelude: how often it ran, what it returns, the jobs run and
	 * taken when it began and when it ended, and the thread it ran on. */
	int preludes, prelude_rc;
	bool prelude_waits;          /* for the threads to fill the window */
	int ran_before, ran_after;
	size_t taken_before;
	pthread_t prelude_thread;
};

struct worker {
	struct shared *s;
	atomic_int jobs;             /* how many this context ran */
	bool is_caller;
};

static int run_job(void *ctx, size_t job, size_t slot)
{
	struct worker *w = ctx;
	struct shared *s = w->s;
	int out = atomic_fetch_add(&s->out, 1) + 1;
	int most = atomic_load(&s->most_out);
	while (out > most && !atomic_compare_exchange_weak(&s->most_out, &most, out))
		;
	/* Uneven lengths: later jobs often finish first. */
	struct timespec pause = { 0, (long)((job * 7919) % 5) * 20000 };
	nanosleep(&pause, NULL);
	s->slot_job[slot] = (int)job;
	atomic_fetch_add(&s->ran, 1);
	atomic_fetch_add(&w->jobs, 1);
	return (int)job == s->fail_at ? 42 : 0;
}

static int take_job(void *ctx, size_t job, size_t slot)
{
	struct shared *s = ctx;
	assert_int_equal(job, s->taken);
	assert_int_equal(s->slot_job[slot], (int)job);
	if ((int)job == s->refuse_at)
		return 7;
	s->taken++;
	atomic_fetch_sub(&s->out, 1);
	return 0;
}

static int run_pool_of(struct shared *s, struct worker *workers, size_t n_threads,
		       size_t n_jobs, size_t window, struct ordered_pool *pool)
{
	void *contexts[4];
	for (size_t i = 0; i <= n_threads; i++) {
		workers[i] = (struct worker){ .s = s, .is_caller = i == n_threads };
		if (i < n_threads)
			contexts[i] = &workers[i];
	}
	*pool = (struct ordered_pool){
		.n_jobs = n_jobs, .window = window, .workers = contexts,
		.n_threads = n_threads, .caller = &workers[n_threads],
		.run = run_job, .take = take_job, .ctx = s,
	};
	return ordered_pool_run(pool);
}

/* Notes when and where it ran; with threads and jobs, waits (up to two
 * seconds) for the threads to fill the window: they work while the
 * calling thread is in the prelude. */
static int prelude(void *ctx)
{
	struct shared *s = ctx;
	s->preludes++;
	s->prelude_thread = pthread_self();
	s->ran_before = atomic_load(&s->ran);
	s->taken_before = s->taken;
	for (int i = 0; s->prelude_waits && i < 2000 && atomic_load(&s->ran) < WINDOW; i++)
		nanosleep(&(struct timespec){ 0, 1000000 }, NULL);
	s->ran_after = atomic_load(&s->ran);
	return s->prelude_rc;
}

static int run_pool(struct shared *s, struct worker *workers, size_t n_threads,
		    struct ordered_pool *pool)
{
	return run_pool_of(s, workers, n_threads, JOBS, WINDOW, pool);
}

static void test_in_order_within_the_window(void **state)
{
	(void)state;
	for (size_t threads = 0; threads <= 3; threads++) {
		struct shared s = { .fail_at = -1, .refuse_at = -1 };
		struct worker workers[4];
		struct ordered_pool pool;
		assert_int_equal(run_pool(&s, workers, threads, &pool), 0);
		assert_int_equal(s.taken, JOBS);
		assert_int_equal(atomic_load(&s.ran), JOBS);
		assert_true(atomic_load(&s.most_out) <= WINDOW);
		assert_null(pool.failed_worker);
		if (threads > 0) {
			/* The threads ran some, and the calling thread some too
			 * while it waited (its jobs are its own to count). */
			int by_threads = 0;
			for (size_t i = 0; i < threads; i++)
				by_threads += atomic_load(&workers[i].jobs);
			assert_true(by_threads > 0);
			assert_int_equal(by_threads + atomic_load(&workers[threads].jobs), JOBS);
		}
	}
}

static void test_a_failing_job_stops_the_rest(void **state)
{
	(void)state;
	for (size_t threads = 0; threads <= 3; threads++) {
		struct shared s = { .fail_at = 57, .refuse_at = -1 };
		struct worker workers[4];
		struct ordered_pool pool;
		assert_int_equal(run_pool(&s, workers, threads, &pool), 42);
		assert_non_null(pool.failed_worker);
		/* Nothing after it taken, and only the window's worth begun. */
		assert_true(s.taken <= 57);
		assert_true(atomic_load(&s.ran) <= 57 + WINDOW);
	}
}

static void test_take_refusing_stops_the_rest(void **state)
{
	(void)state;
	for (size_t threads = 0; threads <= 3; threads++) {
		struct shared s = { .fail_at = -1, .refuse_at = 31 };
		struct worker workers[4];
		struct ordered_pool pool;
		assert_int_equal(run_pool(&s, workers, threads, &pool), 7);
		assert_null(pool.failed_worker);
		assert_int_equal(s.taken, 31);
		assert_true(atomic_load(&s.ran) <= 31 + WINDOW);
	}
}

/* No job, fewer jobs than slots, one slot, more slots than jobs. */
static void test_few_jobs_and_small_windows(void **state)
{
	(void)state;
	static const size_t shapes[][2] = {
		{ 0, 4 }, { 1, 4 }, { 3, 9 }, { 12, 1 }, { 5, 5 }, { 6, 5 },
	};
	for (size_t i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++)
		for (size_t threads = 0; threads <= 3; threads++) {
			struct shared s = { .fail_at = -1, .refuse_at = -1 };
			struct worker workers[4];
			struct ordered_pool pool;
			assert_int_equal(run_pool_of(&s, workers, threads, shapes[i][0],
						     shapes[i][1], &pool), 0);
			assert_int_equal(s.taken, shapes[i][0]);
			assert_int_equal(atomic_load(&s.ran), (int)shapes[i][0]);
			assert_true(atomic_load(&s.most_out) <= (int)shapes[i][1]);
		}
}

/* A pool of n_jobs over threads threads (contexts: the caller's array,
 * which must outlive the pool) with the prelude. */
static struct ordered_pool prelude_pool(struct shared *s, struct worker *workers,
					void **contexts, size_t threads, size_t n_jobs)
{
	for (size_t i = 0; i <= threads; i++) {
		workers[i] = (struct worker){ .s = s, .is_caller = i == threads };
		if (i < threads)
			contexts[i] = &workers[i];
	}
	s->prelude_waits = threads > 0 && n_jobs > 0;
	return (struct ordered_pool){
		.n_jobs = n_jobs, .window = WINDOW, .workers = contexts,
		.n_threads = threads, .caller = &workers[threads], .run = run_job,
		.take = take_job, .prelude = prelude, .ctx = s,
	};
}

static void test_prelude_before_the_first_take(void **state)
{
	(void)state;
	for (size_t threads = 0; threads <= 3; threads++) {
		struct worker workers[4];
		void *contexts[4];
		/* No job: it runs all the same, on the calling thread. */
		struct shared s = { .fail_at = -1, .refuse_at = -1 };
		struct ordered_pool pool = prelude_pool(&s, workers, contexts, threads, 0);
		assert_int_equal(ordered_pool_run(&pool), 0);
		assert_int_equal(s.preludes, 1);
		assert_true(pthread_equal(s.prelude_thread, pthread_self()));

		/* Alone, before any job; with threads, while they build the
		 * window's worth; before anything is taken either way. */
		s = (struct shared){ .fail_at = -1, .refuse_at = -1 };
		pool = prelude_pool(&s, workers, contexts, threads, JOBS);
		assert_int_equal(ordered_pool_run(&pool), 0);
		assert_int_equal(s.preludes, 1);
		assert_true(pthread_equal(s.prelude_thread, pthread_self()));
		assert_int_equal(s.taken_before, 0);
		assert_int_equal(s.taken, JOBS);
		if (threads == 0)
			assert_int_equal(s.ran_before, 0);
		assert_int_equal(s.ran_after, threads == 0 ? 0 : WINDOW);

		/* Failing: the pool stops with its value, nothing taken. */
		s = (struct shared){ .fail_at = -1, .refuse_at = -1, .prelude_rc = 9 };
		pool = prelude_pool(&s, workers, contexts, threads, JOBS);
		assert_int_equal(ordered_pool_run(&pool), 9);
		assert_int_equal(s.preludes, 1);
		assert_int_equal(s.taken, 0);
		assert_null(pool.failed_worker);
		assert_true(atomic_load(&s.ran) <= WINDOW);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_in_order_within_the_window),
		cmocka_unit_test(test_a_failing_job_stops_the_rest),
		cmocka_unit_test(test_take_refusing_stops_the_rest),
		cmocka_unit_test(test_few_jobs_and_small_windows),
		cmocka_unit_test(test_prelude_before_the_first_take),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
