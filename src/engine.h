/*
 * engine.h — linting one file, and finding the files to lint.
 *
 * lint_buffer() is the whole per-file pipeline: read (YAML or JSON),
 * classify, model, run every rule's check, and turn byte spans into
 * positions. It is shared by the command line and (later) the language
 * server, and is safe to call from several threads at once.
 */
#ifndef STACKLINT_ENGINE_H
#define STACKLINT_ENGINE_H

#include <stdbool.h>
#include <stdint.h>

#include "../checks/finding.h"

typedef struct LintOptions {
    ParseLimits limits;
    const struct Config *config;    /* rules on/off, severities, parameters; NULL: defaults */
    bool report_unused;         /* report suppressions that match nothing (SUPPRESS002) */
} LintOptions;

extern const LintOptions LINT_OPTIONS_DEFAULT;

typedef struct FileResult {
    char *path;             /* display path (heap) */
    DocKind kind;
    bool has_sam;
    bool error;             /* could not be read: message in error_msg */
    char *error_msg;
    FindingList findings;   /* sorted by position; messages live in strings */
    Arena strings;
} FileResult;

/* Lints text that claims to come from `path`. Never fails; findings and the
 * classification go to *out (which the caller frees with file_result_free). */
void lint_buffer(const LintOptions *opt, const char *path, const char *text, size_t size,
                 FileResult *out);
/* The same, reading with a ParseCache (node.h) kept from the last lint of
 * this buffer, and updating it: the language server's re-lint after an edit. */
void lint_buffer_cached(const LintOptions *opt, const char *path, const char *text, size_t size,
                        FileResult *out, ParseCache *cache);

/* The result for a file larger than opt->limits.max_file_size, which is not read:
 * one LIMIT001 finding at its first byte (when LIMIT001 is on). */
void lint_too_large(const LintOptions *opt, const char *path, uint64_t size, FileResult *out);

/* Reads and lints one file. Unreadable files set out->error. */
void lint_file(const LintOptions *opt, const char *path, FileResult *out);

void file_result_free(FileResult *r);

/* A file the walk found, and whether the user named it. */
typedef struct PathList {
    char **items;
    size_t len, cap;
} PathList;

/* Expands the command-line paths: directories are walked (sorted, skipping
 * .git, node_modules, .serverless, .aws-sam, cdk.out) for .yaml, .yml,
 * .json and .template files; named files are taken as they are. Paths
 * that do not exist are reported on stderr and counted in *errors. */
void discover(char **args, int nargs, PathList *out, int *errors);
void pathlist_free(PathList *l);

const char *doc_kind_name(DocKind k, bool sam);

#endif
