/*
 * main.c — the stacklint command line.
 *
 * Parses options, discovers files, lints them in parallel (each worker
 * takes the next file; results are kept per file and merged in path
 * order, so the output does not depend on -j), reports, and maps the
 * findings to the exit code.
 */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog.h"
#include "engine.h"
#include "lsp.h"
#include "report.h"

enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2 };

static const char USAGE[] =
    "Usage: stacklint [OPTIONS] [PATH...]\n"
    "       stacklint lsp        (the language server, for editors)\n"
    "\n"
    "Checks AWS CloudFormation and SAM templates (YAML or JSON) and IAM policy\n"
    "documents against engineering standards. PATH is a file or a directory\n"
    "(walked recursively for *.yaml, *.yml, *.json and *.template files, skipping\n"
    ".git, node_modules, .serverless, .aws-sam and cdk.out); the default is '.'.\n"
    "'-' reads standard input. Files are recognised by their content; files that\n"
    "are not templates or policies are skipped silently.\n"
    "\n"
    "Options:\n"
    "  -f, --format FORMAT      text (default), json, sarif or github\n"
    "  -o, --output FILE        write the report to FILE instead of standard output\n"
    "      --fail-on LEVEL      exit 1 when a finding is at least LEVEL:\n"
    "                           error, warning (default), note, or none (never)\n"
    "      --stdin-filename NAME  the path to show for '-' (standard input)\n"
    "  -j, --jobs N             lint N files at once (default: number of CPUs)\n"
    "  -q, --quiet              no summary line on standard error\n"
    "      --color WHEN         colour the text format: auto (default: only on a\n"
    "                           terminal, and not when NO_COLOR is set), always, never\n"
    "      --list-files         print the kind and path of each file found, lint nothing\n"
    "      --list-rules         print the rules as a table (--format json: as JSON) and exit\n"
    "      --explain RULE       print the documentation of RULE (id or name) and exit\n"
    "  -V, --version            print the version and exit\n"
    "  -h, --help               print this help and exit\n"
    "\n"
    "Output (text): path:line:column: severity: message [RULE], one per line,\n"
    "sorted by path, line, column and rule; columns count Unicode characters.\n"
    "\n"
    "Exit status:\n"
    "  0  no finding at or above the --fail-on level\n"
    "  1  at least one finding at or above the --fail-on level\n"
    "  2  bad usage, or a path that could not be read\n";

typedef struct Cli {
    OutputFormat format;
    const char *output;
    Severity fail_on;       /* SEV_NONE: never fail on findings */
    const char *stdin_name;
    int jobs;
    int quiet;
    int list_files;
    int list_rules;
    int color;              /* COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER */
} Cli;

enum { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };

/* Colour only for text, and in auto mode only on a terminal without NO_COLOR. */
static bool want_color(const Cli *cli, FILE *out)
{
    if (cli->format != OUT_TEXT || cli->color == COLOR_NEVER)
        return false;
    if (cli->color == COLOR_ALWAYS)
        return true;
    const char *no = getenv("NO_COLOR"), *term = getenv("TERM");
    if ((no && *no) || (term && strcmp(term, "dumb") == 0))
        return false;
    return isatty(fileno(out));
}

static int usage_error(const char *fmt, const char *arg)
{
    fputs("stacklint: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'stacklint --help' for more information.\n", stderr);
    return EXIT_USAGE;
}

static int explain(const char *id)
{
    const Rule *r = rule_find(id);
    if (!r)
        return usage_error("unknown rule '%s' (see --list-rules)", id);
    catalog_explain(stdout, r);
    return EXIT_CLEAN;
}

/* --- parallel linting --------------------------------------------------------------- */

typedef struct Work {
    const PathList *paths;
    const char *stdin_name;
    FileResult *results;
    size_t next;
    pthread_mutex_t lock;
} Work;

static void *worker(void *arg)
{
    Work *w = arg;
    for (;;) {
        pthread_mutex_lock(&w->lock);
        size_t i = w->next++;
        pthread_mutex_unlock(&w->lock);
        if (i >= w->paths->len)
            return NULL;
        const char *p = w->paths->items[i];
        lint_file(&LINT_OPTIONS_DEFAULT, p, &w->results[i]);
        if (strcmp(p, "-") == 0) {
            free(w->results[i].path);
            w->results[i].path = xstrdup(w->stdin_name);
            for (size_t k = 0; k < w->results[i].findings.len; k++)
                w->results[i].findings.items[k].path = w->results[i].path;
        }
    }
}

static void lint_all(const PathList *paths, const Cli *cli, FileResult *results)
{
    Work w = {.paths = paths, .stdin_name = cli->stdin_name, .results = results};
    pthread_mutex_init(&w.lock, NULL);
    int n = cli->jobs;
    if ((size_t)n > paths->len)
        n = (int)paths->len;
    if (n <= 1) {
        worker(&w);
    } else {
        pthread_t *t = xmalloc((size_t)n * sizeof *t);
        int started = 0;
        for (int i = 0; i < n; i++)
            if (pthread_create(&t[i], NULL, worker, &w) == 0)
                started++;
            else
                break;
        if (!started)
            worker(&w);
        for (int i = 0; i < started; i++)
            pthread_join(t[i], NULL);
        free(t);
    }
    pthread_mutex_destroy(&w.lock);
}

static int cmp_finding(const void *a, const void *b)
{
    const Finding *x = *(const Finding *const *)a, *y = *(const Finding *const *)b;
    int c = strcmp(x->path, y->path);
    if (c)
        return c;
    if (x->begin.line != y->begin.line)
        return x->begin.line < y->begin.line ? -1 : 1;
    if (x->begin.col != y->begin.col)
        return x->begin.col < y->begin.col ? -1 : 1;
    c = strcmp(x->rule->id, y->rule->id);
    return c ? c : strcmp(x->message, y->message);
}

static void summary(const Finding *const *fs, size_t n, size_t files)
{
    size_t count[4] = {0};
    for (size_t i = 0; i < n; i++)
        count[fs[i]->severity]++;
    size_t with = 0;
    const char *last = NULL;
    for (size_t i = 0; i < n; i++)
        if (!last || strcmp(last, fs[i]->path) != 0) {
            with++;
            last = fs[i]->path;
        }
    fprintf(stderr, "stacklint: %zu finding%s (%zu error%s, %zu warning%s, %zu note%s) in %zu of %zu file%s\n",
            n, n == 1 ? "" : "s", count[SEV_ERROR], count[SEV_ERROR] == 1 ? "" : "s",
            count[SEV_WARNING], count[SEV_WARNING] == 1 ? "" : "s", count[SEV_NOTE],
            count[SEV_NOTE] == 1 ? "" : "s", with, files, files == 1 ? "" : "s");
}

static int run(const Cli *cli, char **args, int nargs)
{
    static char *dot[] = {"."};
    if (nargs == 0) {
        args = dot;
        nargs = 1;
    }
    int errors = 0;
    PathList paths = {0};
    discover(args, nargs, &paths, &errors);

    FileResult *results = xmalloc((paths.len ? paths.len : 1) * sizeof *results);
    lint_all(&paths, cli, results);

    size_t total = 0, linted = 0;
    for (size_t i = 0; i < paths.len; i++) {
        if (results[i].error) {
            fprintf(stderr, "stacklint: %s\n", results[i].error_msg);
            errors++;
        }
        total += results[i].findings.len;
        linted += results[i].kind != KIND_UNKNOWN;
    }
    int rc = errors ? EXIT_USAGE : EXIT_CLEAN;

    if (cli->list_files) {
        for (size_t i = 0; i < paths.len; i++)
            if (!results[i].error)
                printf("%s\t%s\n", doc_kind_name(results[i].kind, results[i].has_sam), results[i].path);
    } else {
        const Finding **fs = xmalloc((total ? total : 1) * sizeof *fs);
        size_t n = 0;
        for (size_t i = 0; i < paths.len; i++)
            for (size_t k = 0; k < results[i].findings.len; k++)
                fs[n++] = &results[i].findings.items[k];
        qsort(fs, n, sizeof *fs, cmp_finding);

        FILE *out = stdout;
        if (cli->output && !(out = fopen(cli->output, "w"))) {
            fprintf(stderr, "stacklint: cannot write '%s': %s\n", cli->output, strerror(errno));
            rc = EXIT_USAGE;
        } else {
            report_color = want_color(cli, out);
            /* text and github print nothing at all when there is nothing to say */
            if (n || cli->format == OUT_JSON || cli->format == OUT_SARIF)
                if (report_write(out, cli->format, fs, n) != 0) {
                    fprintf(stderr, "stacklint: writing the report failed\n");
                    rc = EXIT_USAGE;
                }
            if (out != stdout && fclose(out) != 0) {
                fprintf(stderr, "stacklint: cannot write '%s': %s\n", cli->output, strerror(errno));
                rc = EXIT_USAGE;
            }
        }
        if (n && !cli->quiet)
            summary(fs, n, linted);
        if (rc == EXIT_CLEAN && cli->fail_on != SEV_NONE)
            for (size_t i = 0; i < n; i++)
                if (fs[i]->severity >= cli->fail_on) {
                    rc = EXIT_FINDINGS;
                    break;
                }
        free(fs);
    }
    for (size_t i = 0; i < paths.len; i++)
        file_result_free(&results[i]);
    free(results);
    pathlist_free(&paths);
    return rc;
}

int main(int argc, char **argv)
{
    enum { OPT_FAIL_ON = 256, OPT_STDIN_NAME, OPT_LIST_FILES, OPT_LIST_RULES, OPT_EXPLAIN,
           OPT_COLOR };
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'},
        {"output", required_argument, NULL, 'o'},
        {"fail-on", required_argument, NULL, OPT_FAIL_ON},
        {"stdin-filename", required_argument, NULL, OPT_STDIN_NAME},
        {"jobs", required_argument, NULL, 'j'},
        {"quiet", no_argument, NULL, 'q'},
        {"list-files", no_argument, NULL, OPT_LIST_FILES},
        {"list-rules", no_argument, NULL, OPT_LIST_RULES},
        {"explain", required_argument, NULL, OPT_EXPLAIN},
        {"color", required_argument, NULL, OPT_COLOR},
        {"version", no_argument, NULL, 'V'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    if (argc >= 2 && strcmp(argv[1], "lsp") == 0)
        return lsp_main(argc - 1, argv + 1);
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    Cli cli = {.format = OUT_TEXT, .fail_on = SEV_WARNING, .stdin_name = "<stdin>",
               .jobs = ncpu > 0 ? (int)(ncpu < 64 ? ncpu : 64) : 1};
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":f:o:j:qVh", longopts, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (!(cli.format = output_format_parse(optarg)))
                return usage_error("unknown format '%s' (text, json, sarif or github)", optarg);
            break;
        case 'o': cli.output = optarg; break;
        case OPT_FAIL_ON:
            if (strcmp(optarg, "none") == 0)
                cli.fail_on = SEV_NONE;
            else if ((cli.fail_on = severity_parse(optarg)) == SEV_NONE)
                return usage_error("unknown level '%s' (error, warning, note or none)", optarg);
            break;
        case OPT_STDIN_NAME: cli.stdin_name = optarg; break;
        case 'j': {
            char *end;
            long j = strtol(optarg, &end, 10);
            if (*end || j < 1 || j > 256)
                return usage_error("--jobs needs a number from 1 to 256, not '%s'", optarg);
            cli.jobs = (int)j;
            break;
        }
        case 'q': cli.quiet = 1; break;
        case OPT_LIST_FILES: cli.list_files = 1; break;
        case OPT_LIST_RULES: cli.list_rules = 1; break;
        case OPT_COLOR:
            if (strcmp(optarg, "auto") == 0) cli.color = COLOR_AUTO;
            else if (strcmp(optarg, "always") == 0) cli.color = COLOR_ALWAYS;
            else if (strcmp(optarg, "never") == 0) cli.color = COLOR_NEVER;
            else return usage_error("--color takes auto, always or never, not '%s'", optarg);
            break;
        case OPT_EXPLAIN: return explain(optarg);
        case 'V': printf("stacklint %s\n", STACKLINT_VERSION); return EXIT_CLEAN;
        case 'h': fputs(USAGE, stdout); return EXIT_CLEAN;
        case ':': return usage_error("option '%s' needs a value", argv[optind - 1]);
        default: return usage_error("unknown option '%s'", argv[optind - 1]);
        }
    }
    if (cli.list_rules) {
        if (cli.format != OUT_TEXT && cli.format != OUT_JSON)
            return usage_error("--list-rules prints text or json, not '%s'",
                               cli.format == OUT_SARIF ? "sarif" : "github");
        return catalog_list(stdout, cli.format) == 0 ? EXIT_CLEAN : EXIT_USAGE;
    }
    return run(&cli, argv + optind, argc - optind);
}
