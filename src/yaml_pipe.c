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
 * (yaml_pipe_next returns 0 then).
 *
 * Each event's texts are copied into its batch's arena and the event is
 * deleted at once, by the thread that parsed it, as libyaml alone does:
 * its memory is reused while still in the cache. The consumer gives each
 * batch back once it has moved two batches on, and the parser's thread
 * reuses it. Events kept alive for the consumer, and freed by it, had
 * the parser's thread running at 1.3–1.6 times libyaml alone. */
#include "yaml_pipe.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

#include "kehoach/util.h"

#define BATCH_EVENTS 256
#define PIPE_BATCHES 16
/* A thread that waits for the other is woken only once it has this many
 * batches to go on with (or the stream has ended): the consumer, faster
 * than the parser, would otherwise sleep and be woken at every batch,
 * and each wake-up cost the parser's thread a system call and a switch
 * (perf of a re-sync of the 30 MB plan: 9% of its samples in the
 * kernel's wake-up and switch paths). */
#define WAKE_AFTER (PIPE_BATCHES / 2)

struct batch {
	yaml_event_t events[BATCH_EVENTS];   /* their texts in text */
	struct arena text;
	size_t count;
	bool last;        /* the stream ends after these: done or failed */
	bool failed;      /* ... because the parser failed */
};

/* Batches given back and not yet taken back by the parser's thread. */
#define RETURNED_MAX (PIPE_BATCHES + 2)

struct yaml_pipe {
	yaml_parser_t *parser;
	/* The parser thread's batches given back, emptied, for reuse: the
	 * ring's worth of batches is made once, not made and freed (and a
	 * new batch's 26 KB zeroed) thousands of times a large file. */
	struct batch *spare[RETURNED_MAX];
	size_t n_spare;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t filled;              /* for the consumer */
	pthread_cond_t emptied;             /* for the parser's thread */
	bool consumer_waits, parser_waits;
	struct batch *ring[PIPE_BATCHES];   /* published, in order */
	size_t first, queued;
	struct batch *returned[RETURNED_MAX]; /* given back, to be reused */
	size_t n_returned;
	bool stop;                          /* the consumer is gone */
	struct batch *reading;              /* the consumer's */
	size_t next;                        /* in reading */
	/* The batch before reading: the consumer may still hold its last
	 * event (a reader looks one event ahead). */
	struct batch *read;
	bool ended;
};

static void batch_free(struct batch *b)
{
	if (!b)
		return;
	arena_free(&b->text);
	x_free(b);
}

static yaml_char_t *keep_text(struct arena *a, const yaml_char_t *s, size_t len)
{
	return s ? (yaml_char_t *)arena_strndup(a, (const char *)s, len) : NULL;
}

static yaml_char_t *keep_name(struct arena *a, const yaml_char_t *s)
{
	return s ? keep_text(a, s, strlen((const char *)s)) : NULL;
}

/* Adds event, parsed, to b: its texts copied into b's arena. The
 * caller deletes event. A document's directives are not kept: no reader
 * looks at them. */
static void batch_add(struct batch *b, const yaml_event_t *event)
{
	yaml_event_t *e = &b->events[b->count++];
	*e = *event;
	struct arena *a = &b->text;
	switch (e->type) {
	case YAML_SCALAR_EVENT:
		e->data.scalar.value = keep_text(a, e->data.scalar.value,
						 e->data.scalar.length);
		e->data.scalar.anchor = keep_name(a, e->data.scalar.anchor);
		e->data.scalar.tag = keep_name(a, e->data.scalar.tag);
		break;
	case YAML_ALIAS_EVENT:
		e->data.alias.anchor = keep_name(a, e->data.alias.anchor);
		break;
	case YAML_SEQUENCE_START_EVENT:
		e->data.sequence_start.anchor = keep_name(a, e->data.sequence_start.anchor);
		e->data.sequence_start.tag = keep_name(a, e->data.sequence_start.tag);
		break;
	case YAML_MAPPING_START_EVENT:
		e->data.mapping_start.anchor = keep_name(a, e->data.mapping_start.anchor);
		e->data.mapping_start.tag = keep_name(a, e->data.mapping_start.tag);
		break;
	case YAML_DOCUMENT_START_EVENT:
		e->data.document_start.version_directive = NULL;
		e->data.document_start.tag_directives.start = NULL;
		e->data.document_start.tag_directives.end = NULL;
		break;
	default:
		break;
	}
}

/* The parser's thread: an empty batch, one given back if there is one. */
static struct batch *empty_batch(struct yaml_pipe *p)
{
	struct batch *returned[RETURNED_MAX];
	pthread_mutex_lock(&p->lock);
	size_t n = p->n_returned;
	memcpy(returned, p->returned, n * sizeof(*returned));
	p->n_returned = 0;
	pthread_mutex_unlock(&p->lock);
	for (size_t i = 0; i < n; i++) {
		if (p->n_spare == RETURNED_MAX) {
			batch_free(returned[i]);
			continue;
		}
		arena_reset(&returned[i]->text);
		p->spare[p->n_spare++] = returned[i];
	}
	if (p->n_spare == 0) {
		struct batch *b = x_malloc(sizeof(*b));
		b->text = (struct arena){0};
		p->spare[p->n_spare++] = b;
	}
	struct batch *b = p->spare[--p->n_spare];
	b->count = 0;
	b->last = b->failed = false;
	return b;
}

/* Publishes a batch; false when the consumer has gone. */
static bool publish(struct yaml_pipe *p, struct batch *b)
{
	pthread_mutex_lock(&p->lock);
	while (p->queued == PIPE_BATCHES && !p->stop) {
		p->parser_waits = true;
		pthread_cond_wait(&p->emptied, &p->lock);
		p->parser_waits = false;
	}
	bool stop = p->stop;
	if (!stop) {
		p->ring[(p->first + p->queued) % PIPE_BATCHES] = b;
		p->queued++;
		if (p->consumer_waits && (p->queued >= WAKE_AFTER || b->last))
			pthread_cond_signal(&p->filled);
	}
	pthread_mutex_unlock(&p->lock);
	if (stop)
		batch_free(b);
	return !stop;
}

static void *parse_events(void *arg)
{
	struct yaml_pipe *p = arg;
	prctl(PR_SET_NAME, "kehoach-yaml");   /* as top and perf show it */
	for (;;) {
		struct batch *b = empty_batch(p);
		while (b->count < BATCH_EVENTS && !b->last) {
			yaml_event_t e;
			if (!yaml_parser_parse(p->parser, &e)) {
				b->last = b->failed = true;
				break;
			}
			batch_add(b, &e);
			b->last = e.type == YAML_STREAM_END_EVENT;
			yaml_event_delete(&e);
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
	pthread_cond_init(&p->filled, NULL);
	pthread_cond_init(&p->emptied, NULL);
	if (pthread_create(&p->thread, NULL, parse_events, p) != 0) {
		pthread_cond_destroy(&p->filled);
		pthread_cond_destroy(&p->emptied);
		pthread_mutex_destroy(&p->lock);
		x_free(p);
		return NULL;   /* the caller parses on its own thread */
	}
	return p;
}

/* Takes the next published batch, waiting for it, and gives back
 * done (NULL: none), whose events the consumer no longer holds. */
static struct batch *take(struct yaml_pipe *p, struct batch *done)
{
	pthread_mutex_lock(&p->lock);
	if (done && p->n_returned < RETURNED_MAX) {
		p->returned[p->n_returned++] = done;
		done = NULL;
	}
	while (p->queued == 0) {
		p->consumer_waits = true;
		pthread_cond_wait(&p->filled, &p->lock);
		p->consumer_waits = false;
	}
	struct batch *b = p->ring[p->first];
	p->first = (p->first + 1) % PIPE_BATCHES;
	p->queued--;
	if (p->parser_waits && p->queued <= PIPE_BATCHES - WAKE_AFTER)
		pthread_cond_signal(&p->emptied);
	pthread_mutex_unlock(&p->lock);
	batch_free(done);   /* the parser has stopped collecting: freed here */
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
		struct batch *done = p->read;
		p->read = p->reading;
		p->reading = take(p, done);
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
		pthread_cond_signal(&p->emptied);
		pthread_mutex_unlock(&p->lock);
		pthread_join(p->thread, NULL);
	}
	batch_free(p->reading);
	batch_free(p->read);
	for (size_t i = 0; i < p->queued; i++)
		batch_free(p->ring[(p->first + i) % PIPE_BATCHES]);
	for (size_t i = 0; i < p->n_returned; i++)
		batch_free(p->returned[i]);
	for (size_t i = 0; i < p->n_spare; i++)
		batch_free(p->spare[i]);
	pthread_cond_destroy(&p->filled);
	pthread_cond_destroy(&p->emptied);
	pthread_mutex_destroy(&p->lock);
	x_free(p);
}
