/*
 * config.h — the project configuration, .stacklint.yaml.
 *
 * The file is found by walking up from the working directory to the
 * repository root (the first directory holding .git), or named with
 * --config. It is read with stacklint's own reader (document_read), so
 * every mistake in it — an unknown key, an unknown rule, a value of the
 * wrong type — is reported at its file:line:column and stops the run
 * (exit 2): a typo must never silently switch a check off.
 *
 * The configuration is read once, before any file is linted, and is then
 * read-only: the workers share it without locks. Command-line flags are
 * applied on top of it by main.c (config_set_*), and every value remembers
 * where it came from for --print-config.
 */
#ifndef STACKLINT_CONFIG_H
#define STACKLINT_CONFIG_H

#include <stdbool.h>
#include <stdio.h>

#include "../parser/node.h"
#include "../checks/finding.h"
#include "engine.h"

/* How one rule is set up for the run. The *_from strings say where each
 * value came from: "default", "command line" or "FILE:LINE:COL". */
typedef struct RuleConf {
    bool enabled;
    Severity severity;
    const Node *params;         /* map of parameter name -> value, or NULL */
    const char *enabled_from, *severity_from, *params_from;
} RuleConf;

/* A list of strings from the configuration (globs, folders). */
typedef struct StrList {
    const char **items;
    size_t len;
    const char *from;
} StrList;

typedef struct Config {
    Arena arena;                /* the file's text, tree and every string */
    const char *path;           /* the configuration file, or NULL when none */
    const char *dir;            /* its directory, absolute; globs are relative to it */
    RuleConf *rules;            /* one per rule, by rule_index(): built-in, then declarative */
    size_t nrules;
    StrList include, exclude, custom_rules;
    Severity fail_on;           /* SEV_NONE: never fail on findings */
    const char *fail_on_from;
    int format;                 /* OutputFormat */
    const char *format_from;
    bool report_unused;         /* report-unused-suppressions */
    const char *report_unused_from;
    uint64_t limits[LIMIT_COUNT];   /* limits: {max-depth: ..., ...}, by LimitId */
    const char *limits_from[LIMIT_COUNT];
    /* as-of: the date ("YYYY-MM-DD") date-dependent rules (LMB004) compare
     * with; NULL means today, so that a CI run can pin it and stay reproducible */
    const char *as_of;
    const char *as_of_from;
    /* How config_load reads a custom-rules folder (NULL: rulelang_load_dir).
     * The language server sets it: declarative rules are process-wide, so it
     * loads each folder once and shares it between configurations. */
    int (*load_dir)(void *ud, const char *dir);
    void *load_dir_ud;
} Config;

/* Defaults: every rule on at its own severity, fail on warning, text,
 * the default limits. */
void config_init(Config *c);
void config_free(Config *c);

/* The .stacklint.yaml (or .stacklint.yml) that applies to the working
 * directory, as a heap string, or NULL when there is none. */
char *config_find(void);
/* The same for an absolute directory: the nearest file walking up from it
 * to the repository root (the first directory holding .git). The language
 * server asks this for each document's directory, so an editor uses the
 * configuration the command line would use for that file. */
char *config_find_from(const char *dir);

/* Reads a configuration file into c. Returns 0, or -1 after printing
 * every error as "FILE:LINE:COL: error: ..." on stderr (or giving it to
 * the sink of diag.h). The folders in
 * custom-rules (relative to the file) are loaded first, so that `rules`
 * can set up the team's own rules too; not when load_custom is false
 * (--rules on the command line replaces them). */
int config_load(Config *c, const char *path, bool load_custom);

/* Turns on (or off) every rule a comma-separated list names by id, name or
 * tag (--enable / --disable). Returns -1 and sets *bad to the first word
 * that names nothing (or is empty). */
int config_switch_rules(Config *c, const char *list, bool on, const char *from, const char **bad);

/* Gives the declarative rules loaded so far their default set-up. */
void config_sync_rules(Config *c);

/* Writes the effective configuration as YAML, each value followed by a
 * comment saying where it came from. */
void config_print(const Config *c, FILE *out);

/* Sets the limits of the run's options from the configuration. */
void config_apply_limits(const Config *c, LintOptions *opt);

/* Whether a discovered path is excluded by include / exclude. */
bool config_path_excluded(const Config *c, const char *path);

/* Glob match with `*` (within one path segment), `**` (any number of
 * segments), `?` and `[...]`. */
bool glob_match(const char *pat, const char *str);

/* Whether s is a calendar date written YYYY-MM-DD (the form of --as-of). */
bool config_date_valid(const char *s);

/* The as-of date of the run as "YYYY-MM-DD" in buf (at least 11 bytes):
 * the configured one, else today's date in UTC. Returns buf. */
const char *config_as_of(const Config *c, char *buf);

/* The set-up of rule r (defaults when c is NULL). */
bool config_rule_enabled(const Config *c, const Rule *r);
Severity config_rule_severity(const Config *c, const Rule *r);
/* The severity finding f is shown at: the rule's configured severity when
 * the configuration (or the command line) sets one, else the severity the
 * check reported it at (the rule's default unless report_severity chose). */
Severity config_finding_severity(const Config *c, const Finding *f);

/* config.c also defines what checks/finding.h declares for the checks:
 * rule_param(), check_rule_on() and check_as_of(). */

#endif
