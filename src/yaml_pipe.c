/* yaml_pipe: libyaml's parser on a thread of its own, for large files.
 *
 * libyaml's scanning is most of the time of reading a large plan. With
 * the parser on its own thread, the reader (checking each value, building
 * the plan) works on one batch of events while the next is parsed: reading
 * costs about what libyaml alone does. Events cross in batches, so that
 * the lock is taken once a few hundred events, and at most PIPE_BATCHES
 * batches wait: the memory stays bounded whatever the file's size.
 *
 * The parser's failure travels as the end of the stream: the consumer
 * reads the parser's problem and marks only once the thread has stopped
 * (yaml_pipe_next returns 0 then). */
#include "yaml_pipe.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

#include "kehoach/util.h"

#define BATCH_EVENTS 256
#define PIPE_BATCHES 8

struct batch {
	yaml_event_t events[BATCH_EVENTS];
	size_t count;
	bool last;        /* the stream ends after these: done or failed */
	bool failed;      /* ... because the parser failed */
};

struct yaml_pipe {
	yaml_parser_t *parser;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t changed;
	struct batch *ring[PIPE_BATCHES];   /* published, in order */
	size_t first, queued;
	bool stop;                          /* the consumer is gone */
	struct batch *reading;              /* the consumer's */
	size_t next;                        /* in reading */
	bool ended;
};

static void batch_free(struct batch *b, size_t from)
{
	if (!b)
		return;
	for (size_t i = from; i < b->count; i++)
		yaml_event_delete(&b->events[i]);
	x_free(b);
}

/* Publishes a batch; false when the consumer has gone. */
static bool publish(struct yaml_pipe *p, struct batch *b)
{
	pthread_mutex_lock(&p->lock);
	while (p->queued == PIPE_BATCHES && !p->stop)
		pthread_cond_wait(&p->changed, &p->lock);
	bool stop = p->stop;
	if (!stop) {
		p->ring[(p->first + p->queued) % PIPE_BATCHES] = b;
		p->queued++;
		pthread_cond_broadcast(&p->changed);
	}
	pthread_mutex_unlock(&p->lock);
	if (stop)
		batch_free(b, 0);
	return !stop;
}

static void *parse_events(void *arg)
{
	struct yaml_pipe *p = arg;
	prctl(PR_SET_NAME, "kehoach-yaml");   /* as top and perf show it */
	for (;;) {
		struct batch *b = x_calloc(1, sizeof(*b));
		while (b->count < BATCH_EVENTS && !b->last) {
			yaml_event_t *e = &b->events[b->count];
			if (!yaml_parser_parse(p->parser, e)) {
				b->last = b->failed = true;
				break;
			}
			b->count++;
			b->last = e->type == YAML_STREAM_END_EVENT;
		}
		bool last = b->last;
		if (!publish(p, b) || last)
			return NULL;
	}
}

struct yaml_pipe *yaml_pipe_start(yaml_parser_t *parser)
{
	struct yaml_pipe *p = x_calloc(1, sizeof(*p));
	p->parser = parser;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->changed, NULL);
	if (pthread_create(&p->thread, NULL, parse_events, p) != 0) {
		pthread_cond_destroy(&p->changed);
		pthread_mutex_destroy(&p->lock);
		x_free(p);
		return NULL;   /* the caller parses on its own thread */
	}
	return p;
}

/* Takes the next published batch, waiting for it. */
static struct batch *take(struct yaml_pipe *p)
{
	pthread_mutex_lock(&p->lock);
	while (p->queued == 0)
		pthread_cond_wait(&p->changed, &p->lock);
	struct batch *b = p->ring[p->first];
	p->first = (p->first + 1) % PIPE_BATCHES;
	p->queued--;
	pthread_cond_broadcast(&p->changed);
	pthread_mutex_unlock(&p->lock);
	return b;
}

int yaml_pipe_next(struct yaml_pipe *p, yaml_event_t *event)
{
	for (;;) {
		if (p->reading && p->next < p->reading->count) {
			*event = p->reading->events[p->next++];
			return 1;
		}
		bool failed = p->reading && p->reading->failed;
		if (p->ended || (p->reading && p->reading->last)) {
			if (!p->ended) {
				/* The thread has published its last batch and is
				 * done with the parser: its problem may be read. */
				pthread_join(p->thread, NULL);
				p->ended = true;
				p->stop = true;
			}
			/* After STREAM_END, an empty event, as libyaml gives. */
			memset(event, 0, sizeof(*event));
			return failed ? 0 : 1;
		}
		batch_free(p->reading, p->next);
		p->reading = take(p);
		p->next = 0;
	}
}

void yaml_pipe_stop(struct yaml_pipe *p)
{
	if (!p)
		return;
	if (!p->ended) {
		pthread_mutex_lock(&p->lock);
		p->stop = true;
		pthread_cond_broadcast(&p->changed);
		pthread_mutex_unlock(&p->lock);
		pthread_join(p->thread, NULL);
	}
	batch_free(p->reading, p->next);
	for (size_t i = 0; i < p->queued; i++)
		batch_free(p->ring[(p->first + i) % PIPE_BATCHES], 0);
	pthread_cond_destroy(&p->changed);
	pthread_mutex_destroy(&p->lock);
	x_free(p);
}
