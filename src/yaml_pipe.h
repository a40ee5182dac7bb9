/* yaml_pipe: libyaml's parser on a thread of its own (yaml_pipe.c). */
#ifndef KEHOACH_YAML_PIPE_H
#define KEHOACH_YAML_PIPE_H

#include <yaml.h>

struct yaml_pipe;

/* Starts parsing with parser (its input set) on a thread; NULL when no
 * thread could be made. The parser is the thread's until the stream
 * ends or yaml_pipe_stop(). */
struct yaml_pipe *yaml_pipe_start(yaml_parser_t *parser);

/* yaml_parser_parse(), from the thread: 1 with the next event, 0 when
 * the parser failed (its problem and marks may then be read). The event
 * stays the pipe's (the caller does not delete it), valid until the
 * call after next: a reader may look one event ahead. */
int yaml_pipe_next(struct yaml_pipe *pipe, yaml_event_t *event);

/* Stops the thread (if still parsing) and frees what it parsed ahead. */
void yaml_pipe_stop(struct yaml_pipe *pipe);

#endif
