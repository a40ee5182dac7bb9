/* yaml_syntax: libyaml's failures — bad bytes, syntax errors — told in
 * the words of the person who wrote the file, with how to fix them.
 * Internal to yaml_reader. */
#ifndef KEHOACH_YAML_SYNTAX_H
#define KEHOACH_YAML_SYNTAX_H

#include "kehoach/yaml_reader.h"

/* A libyaml mark as a 1-based position. */
struct source_pos yaml_reader_mark_pos(yaml_mark_t mark);

/* Reports the failure libyaml's parser holds and returns -1. */
int yaml_syntax_fail(struct yaml_reader *r);

#endif
