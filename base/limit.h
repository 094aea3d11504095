/*
 * limit.h — the safety limits a run can change: their names, defaults,
 * accepted ranges and the spelling of their values.
 *
 * One table serves the command line (--max-depth 512), the configuration
 * file (limits: {max-depth: 512}), --print-config and the documentation,
 * so the three always agree. Every limit bounds the work of linting one
 * file; hitting it is a LIMIT001 finding on that file, whose message names
 * the flag that raises it, and the other files are linted as usual.
 */
#ifndef STACKLINT_LIMIT_H
#define STACKLINT_LIMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>


/* The limits that bound the work of linting one file: its size, reading it,
 * and resolving its serverless.yml variables. Each can be changed on the
 * command line and in .stacklint.yaml (LIMIT_DEFS); hitting one is a
 * LIMIT001 finding. */
typedef struct ParseLimits {
    uint64_t max_file_size;     /* bytes; a larger file is not read */
    uint32_t max_depth;         /* nesting of maps and sequences */
    uint64_t max_nodes;         /* nodes built (an alias counts as one) */
    uint64_t max_alias_expansion;   /* nodes reachable through YAML aliases, counting each
                                       alias as the full copy it stands for */
    uint32_t max_scalar;        /* bytes in one scalar */
    uint32_t max_var_depth;     /* nesting of serverless variable resolution (parser/vars.c) */
} ParseLimits;

#define PARSE_LIMITS_DEFAULT_INIT                                                      \
    {.max_file_size = 64ull * 1024u * 1024u, .max_depth = 256, .max_nodes = 4000000, .max_alias_expansion = 1000000,          \
     .max_scalar = 8u * 1024u * 1024u, .max_var_depth = 1500}

extern const ParseLimits PARSE_LIMITS_DEFAULT;

typedef enum LimitId {
    LIMIT_FILE_SIZE,        /* --max-file-size SIZE */
    LIMIT_DEPTH,            /* --max-depth N */
    LIMIT_NODES,            /* --max-nodes N */
    LIMIT_ALIAS,            /* --max-alias-expansion N */
    LIMIT_STRING,           /* --max-string SIZE */
    LIMIT_VAR_DEPTH,        /* --max-var-depth N */
    LIMIT_COUNT
} LimitId;

typedef struct LimitDef {
    const char *name;       /* the flag without "--", and the key under `limits:` */
    bool size;              /* a size in bytes (accepts K, M, G), else a count */
    uint64_t min, max;      /* accepted values */
    const char *what;       /* for messages: what it bounds */
} LimitDef;

extern const LimitDef LIMIT_DEFS[LIMIT_COUNT];

/* The limit whose name is `name` ("max-depth"), or LIMIT_COUNT. */
LimitId limit_by_name(const char *name);

/* Parses a value of limit id: digits, and for sizes an optional K, M or G
 * (powers of 1024, either case, an optional trailing B / iB). Returns 0, or
 * -1 with *why set to what is accepted ("a whole number from 1 to 1000"). */
int limit_parse(LimitId id, const char *text, uint64_t *out, const char **why);

/* Writes a value the way it is best read back: 64M for 67108864, 4000000. */
void limit_format(LimitId id, uint64_t v, char *buf, size_t size);

/* Reads / sets one limit. */
uint64_t limit_get(const ParseLimits *lim, LimitId id);
void limit_set(ParseLimits *lim, LimitId id, uint64_t v);

#endif
