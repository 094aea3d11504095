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

#include "../checks/spec.h"
#include "../checks/iam_catalog.h"
#include "../checks/lambda_runtime.h"
#include "baseline.h"
#include "config.h"
#include "catalog.h"
#include "engine.h"
#include "../base/limit.h"
#include "lsp.h"
#include "report.h"
#include "rulelang.h"

enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2 };

static const char USAGE[] =
    "Usage: stacklint [OPTIONS] [PATH...]\n"
    "       stacklint lsp        (the language server, for editors)\n"
    "\n"
    "Checks AWS CloudFormation and SAM templates (YAML or JSON), Serverless\n"
    "Framework serverless.yml files and IAM policy documents against engineering\n"
    "standards. PATH is a file or a directory\n"
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
    "      --config FILE        read the configuration from FILE (default: the first\n"
    "                           .stacklint.yaml or .stacklint.yml from here up to the\n"
    "                           repository root)\n"
    "      --no-config          use no configuration file\n"
    "      --print-config       print the configuration in effect, and where each\n"
    "                           value came from, and exit\n"
    "      --report-unused-suppressions\n"
    "                           report suppressions that match no finding (SUPPRESS002)\n"
    "      --baseline FILE      report only findings not recorded in FILE\n"
    "      --write-baseline FILE  record the findings in FILE and exit 0\n"
    "      --as-of DATE         judge dates (Lambda runtime deprecation) as of DATE,\n"
    "                           written YYYY-MM-DD (default: today, UTC); pin it in\n"
    "                           CI so that a run does not change with the calendar\n"
    "      --enable RULES       run these rules, even those off by default (notes);\n"
    "                           RULES is a comma-separated list of rule ids, names\n"
    "                           or tags; repeatable; wins over the configuration\n"
    "      --disable RULES      do not run these rules (the same form)\n"
    "      --rules DIR          load the declarative rules in DIR (*.yaml, one rule\n"
    "                           per file); repeatable; replaces custom-rules\n"
    "      --list-rules         print the rules as a table (--format json: as JSON) and exit\n"
    "      --explain RULE       print the documentation of RULE (id or name) and exit\n"
    "  -V, --version            print the version and exit (with --verbose: also\n"
    "                           the versions of the compiled-in AWS data)\n"
    "  -h, --help               print this help and exit\n"
    "\n"
    "Limits (each bounds the work on one file; a file that passes one gets a\n"
    "LIMIT001 finding and the other files are linted as usual; SIZE takes K, M, G):\n"
    "      --max-file-size SIZE the largest file read (default 64M)\n"
    "      --max-depth N        nesting of maps and lists (default 256, at most 1000)\n"
    "      --max-nodes N        nodes in one file (default 4000000)\n"
    "      --max-alias-expansion N  nodes that YAML aliases add, each alias counted\n"
    "                           as the copy it stands for (default 1000000)\n"
    "      --max-string SIZE    the longest string or other scalar (default 8M)\n"
    "      --max-var-depth N    nesting of serverless.yml variable resolution:\n"
    "                           variables in variables, ${file()} includes\n"
    "                           (default 1500, at most 5000)\n"
    "\n"
    "Output (text): path:line:column: severity: message [RULE], one per line,\n"
    "sorted by path, line, column and rule; columns count Unicode characters.\n"
    "\n"
    "Exit status:\n"
    "  0  no finding at or above the --fail-on level\n"
    "  1  at least one finding at or above the --fail-on level\n"
    "  2  bad usage, a broken configuration or baseline, or a path that could not\n"
    "     be read\n";

typedef struct Cli {
    OutputFormat format;
    const char *output;
    Severity fail_on;       /* SEV_NONE: never fail on findings */
    const char *stdin_name;
    int jobs;
    int quiet;
    int list_files;
    int format_set, fail_on_set, report_unused, no_config, print_config, list_rules;
    const char *explain;    /* --explain RULE */
    const char *config, *baseline, *write_baseline;
    const char *as_of;      /* --as-of DATE, validated */
    const char **switches;      /* --enable / --disable lists, in order; each prefixed '+' or '-' */
    size_t nswitches;
    const char **rules_dirs;    /* --rules DIR, in order */
    size_t nrules_dirs;
    int color;              /* COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER */
    uint64_t limits[LIMIT_COUNT];   /* --max-*, where limit_given */
    bool limit_given[LIMIT_COUNT];
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

/* --version --verbose: where the compiled-in AWS facts come from. */
static void print_data_versions(void)
{
    printf("iam catalog: %s, %u services, %u actions, %u privilege-escalation methods, "
           "%u credential actions\n",
           IAM_CATALOG_VERSION, IAM_NSERVICES, IAM_NACTIONS, IAM_NESCALATIONS, IAM_NCRED);
    printf("lambda runtime lifecycle: %s, %zu runtimes\n", LAMBDA_RUNTIME_SOURCE, LAMBDA_RUNTIME_COUNT);
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
    const LintOptions *opt;
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
        lint_file(w->opt, p, &w->results[i]);
        if (strcmp(p, "-") == 0) {
            free(w->results[i].path);
            w->results[i].path = xstrdup(w->stdin_name);
            for (size_t k = 0; k < w->results[i].findings.len; k++)
                w->results[i].findings.items[k].path = w->results[i].path;
        }
    }
}

static void lint_all(const LintOptions *opt, const PathList *paths, const Cli *cli,
                     FileResult *results)
{
    Work w = {.opt = opt, .paths = paths, .stdin_name = cli->stdin_name, .results = results};
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

/* Drops the paths the configuration's include / exclude leave out. */
static void filter_paths(const Config *cfg, PathList *paths)
{
    size_t k = 0;
    for (size_t i = 0; i < paths->len; i++) {
        if (config_path_excluded(cfg, paths->items[i]))
            free(paths->items[i]);
        else
            paths->items[k++] = paths->items[i];
    }
    paths->len = k;
}

/* Keeps the findings to report: not suppressed, not in the baseline.
 * Suppressed ones stay for SARIF, which shows them as suppressed. */
static size_t keep_findings(const Finding **fs, size_t n, const Baseline *base, int sarif)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if ((fs[i]->suppressed && !sarif) || (base && !fs[i]->suppressed && baseline_has(base, fs[i])))
            continue;
        fs[k++] = fs[i];
    }
    return k;
}

static size_t count_live(const Finding *const *fs, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += !fs[i]->suppressed;
    return k;
}

static int run(const Cli *cli, const Config *cfg, char **args, int nargs)
{
    static char *dot[] = {"."};
    if (nargs == 0) {
        args = dot;
        nargs = 1;
    }
    int errors = 0;
    PathList paths = {0};
    discover(args, nargs, &paths, &errors);
    filter_paths(cfg, &paths);

    Baseline base = {0};
    if (cli->baseline && baseline_load(&base, cli->baseline) != 0) {
        pathlist_free(&paths);
        return EXIT_USAGE;
    }
    LintOptions opt = LINT_OPTIONS_DEFAULT;
    config_apply_limits(cfg, &opt);
    opt.config = cfg;
    opt.report_unused = cfg->report_unused;
    FileResult *results = xmalloc((paths.len ? paths.len : 1) * sizeof *results);
    lint_all(&opt, &paths, cli, results);

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
        if (cli->write_baseline) {
            if (baseline_write(cli->write_baseline, fs, n) != 0)
                rc = EXIT_USAGE;
            else if (!cli->quiet)
                fprintf(stderr, "stacklint: recorded %zu finding%s in the baseline '%s'\n",
                        count_live(fs, n), count_live(fs, n) == 1 ? "" : "s", cli->write_baseline);
            n = 0;
        }
        n = keep_findings(fs, n, cli->baseline ? &base : NULL, cli->format == OUT_SARIF);
        /* the findings that count (summary, exit code): not the suppressed ones */
        const Finding **live = xmalloc((n ? n : 1) * sizeof *live);
        size_t nlive = 0;
        for (size_t i = 0; i < n; i++)
            if (!fs[i]->suppressed)
                live[nlive++] = fs[i];

        FILE *out = stdout;
        if (cli->write_baseline) {
            /* nothing to report */
        } else if (cli->output && !(out = fopen(cli->output, "w"))) {
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
        if (nlive && !cli->quiet)
            summary(live, nlive, linted);
        if (rc == EXIT_CLEAN && cli->fail_on != SEV_NONE)
            for (size_t i = 0; i < nlive; i++)
                if (live[i]->severity >= cli->fail_on) {
                    rc = EXIT_FINDINGS;
                    break;
                }
        free(live);
        free(fs);
    }
    for (size_t i = 0; i < paths.len; i++)
        file_result_free(&results[i]);
    free(results);
    pathlist_free(&paths);
    baseline_free(&base);
    return rc;
}

/* Reads the configuration file (named, found, or none), then lays the
 * command-line flags over it: the flags win. */
static int setup_config(Cli *cli, Config *cfg)
{
    config_init(cfg);
    if (cli->config && cli->no_config)
        return usage_error("%s", "--config and --no-config exclude each other");
    /* the built-in declarative rules first: a team rule may not take their ids */
    int bad = rulelang_builtins() != 0;
    for (size_t i = 0; i < cli->nrules_dirs; i++)     /* before the file: it may set them up */
        bad |= rulelang_load_dir(cli->rules_dirs[i]) != 0;
    config_sync_rules(cfg);
    char *path = cli->no_config ? NULL : cli->config ? xstrdup(cli->config) : config_find();
    bad |= path && config_load(cfg, path, cli->nrules_dirs == 0) != 0;
    if (cli->nrules_dirs) {     /* --rules replaces custom-rules */
        cfg->custom_rules.items = cli->rules_dirs;
        cfg->custom_rules.len = cli->nrules_dirs;
        cfg->custom_rules.from = "command line";
    }
    free(path);
    if (bad) {
        fputs("stacklint: the configuration or a rule file has errors; nothing was checked\n", stderr);
        return EXIT_USAGE;
    }
    static const char CLI[] = "command line";
    if (cli->format_set) {
        cfg->format = cli->format;
        cfg->format_from = CLI;
    }
    if (cli->fail_on_set) {
        cfg->fail_on = cli->fail_on;
        cfg->fail_on_from = CLI;
    }
    if (cli->report_unused) {
        cfg->report_unused = true;
        cfg->report_unused_from = CLI;
    }
    for (int i = 0; i < LIMIT_COUNT; i++)
        if (cli->limit_given[i]) {
            cfg->limits[i] = cli->limits[i];
            cfg->limits_from[i] = CLI;
        }
    for (size_t i = 0; i < cli->nswitches; i++) {
        const char *bad_word = NULL;
        const char *sw = cli->switches[i];
        if (config_switch_rules(cfg, sw + 1, sw[0] == '+', CLI, &bad_word) != 0) {
            fprintf(stderr, "stacklint: %s '%s' names no rule: give rule ids, names or tags, "
                            "separated by commas (see stacklint --list-rules)\n",
                    sw[0] == '+' ? "--enable" : "--disable", bad_word);
            return EXIT_USAGE;
        }
    }
    if (cli->as_of) {
        cfg->as_of = cli->as_of;
        cfg->as_of_from = CLI;
    }
    cli->format = cfg->format;
    cli->fail_on = cfg->fail_on;
    return EXIT_CLEAN;
}

int main(int argc, char **argv)
{
    enum { OPT_FAIL_ON = 256, OPT_STDIN_NAME, OPT_LIST_FILES, OPT_LIST_RULES, OPT_EXPLAIN,
           OPT_CONFIG, OPT_NO_CONFIG, OPT_PRINT_CONFIG, OPT_REPORT_UNUSED, OPT_BASELINE,
           OPT_WRITE_BASELINE, OPT_RULES, OPT_VERBOSE, OPT_COLOR, OPT_AS_OF, OPT_ENABLE, OPT_DISABLE,
           OPT_LIMIT /* OPT_LIMIT + LimitId: --max-* */ };
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
        {"config", required_argument, NULL, OPT_CONFIG},
        {"no-config", no_argument, NULL, OPT_NO_CONFIG},
        {"print-config", no_argument, NULL, OPT_PRINT_CONFIG},
        {"report-unused-suppressions", no_argument, NULL, OPT_REPORT_UNUSED},
        {"baseline", required_argument, NULL, OPT_BASELINE},
        {"write-baseline", required_argument, NULL, OPT_WRITE_BASELINE},
        {"rules", required_argument, NULL, OPT_RULES},
        {"color", required_argument, NULL, OPT_COLOR},
        {"as-of", required_argument, NULL, OPT_AS_OF},
        {"enable", required_argument, NULL, OPT_ENABLE},
        {"disable", required_argument, NULL, OPT_DISABLE},
        {"version", no_argument, NULL, 'V'},
        {"verbose", no_argument, NULL, OPT_VERBOSE},
        {"help", no_argument, NULL, 'h'},
        /* the names of LIMIT_DEFS (limit.c) */
        {"max-file-size", required_argument, NULL, OPT_LIMIT + LIMIT_FILE_SIZE},
        {"max-depth", required_argument, NULL, OPT_LIMIT + LIMIT_DEPTH},
        {"max-nodes", required_argument, NULL, OPT_LIMIT + LIMIT_NODES},
        {"max-alias-expansion", required_argument, NULL, OPT_LIMIT + LIMIT_ALIAS},
        {"max-string", required_argument, NULL, OPT_LIMIT + LIMIT_STRING},
        {"max-var-depth", required_argument, NULL, OPT_LIMIT + LIMIT_VAR_DEPTH},
        {NULL, 0, NULL, 0},
    };
    if (argc >= 2 && strcmp(argv[1], "lsp") == 0)
        return lsp_main(argc - 1, argv + 1);
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    Cli cli = {.format = OUT_TEXT, .fail_on = SEV_WARNING, .stdin_name = "<stdin>",
               .jobs = ncpu > 0 ? (int)(ncpu < 64 ? ncpu : 64) : 1};
    opterr = 0;
    int c, show_version = 0, verbose = 0;
    while ((c = getopt_long(argc, argv, ":f:o:j:qVh", longopts, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (!(cli.format = output_format_parse(optarg)))
                return usage_error("unknown format '%s' (text, json, sarif or github)", optarg);
            cli.format_set = 1;
            break;
        case 'o': cli.output = optarg; break;
        case OPT_FAIL_ON:
            if (strcmp(optarg, "none") == 0)
                cli.fail_on = SEV_NONE;
            else if ((cli.fail_on = severity_parse(optarg)) == SEV_NONE)
                return usage_error("unknown level '%s' (error, warning, note or none)", optarg);
            cli.fail_on_set = 1;
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
        case OPT_CONFIG: cli.config = optarg; break;
        case OPT_NO_CONFIG: cli.no_config = 1; break;
        case OPT_PRINT_CONFIG: cli.print_config = 1; break;
        case OPT_REPORT_UNUSED: cli.report_unused = 1; break;
        case OPT_BASELINE: cli.baseline = optarg; break;
        case OPT_WRITE_BASELINE: cli.write_baseline = optarg; break;
        case OPT_RULES:
            cli.rules_dirs = xrealloc(cli.rules_dirs, (cli.nrules_dirs + 1) * sizeof *cli.rules_dirs);
            cli.rules_dirs[cli.nrules_dirs++] = optarg;
            break;
        case OPT_ENABLE:
        case OPT_DISABLE: {
            size_t n = strlen(optarg);
            char *sw = xmalloc(n + 2);
            sw[0] = c == OPT_ENABLE ? '+' : '-';
            memcpy(sw + 1, optarg, n + 1);
            cli.switches = xrealloc(cli.switches, (cli.nswitches + 1) * sizeof *cli.switches);
            cli.switches[cli.nswitches++] = sw;
            break;
        }
        case OPT_AS_OF:
            if (!config_date_valid(optarg))
                return usage_error("--as-of needs a date written YYYY-MM-DD (e.g. 2026-01-31), not '%s'", optarg);
            cli.as_of = optarg;
            break;
        case OPT_LIST_RULES: cli.list_rules = 1; break;
        case OPT_EXPLAIN: cli.explain = optarg; break;
        case 'V': show_version = 1; break;
        case OPT_VERBOSE: verbose = 1; break;
        case OPT_COLOR:
            if (strcmp(optarg, "auto") == 0) cli.color = COLOR_AUTO;
            else if (strcmp(optarg, "always") == 0) cli.color = COLOR_ALWAYS;
            else if (strcmp(optarg, "never") == 0) cli.color = COLOR_NEVER;
            else return usage_error("--color takes auto, always or never, not '%s'", optarg);
            break;
        case 'h': fputs(USAGE, stdout); return EXIT_CLEAN;
        case OPT_LIMIT + LIMIT_FILE_SIZE:
        case OPT_LIMIT + LIMIT_DEPTH:
        case OPT_LIMIT + LIMIT_NODES:
        case OPT_LIMIT + LIMIT_ALIAS:
        case OPT_LIMIT + LIMIT_STRING:
        case OPT_LIMIT + LIMIT_VAR_DEPTH: {
            LimitId id = (LimitId)(c - OPT_LIMIT);
            const char *why;
            if (limit_parse(id, optarg, &cli.limits[id], &why) != 0) {
                fprintf(stderr, "stacklint: --%s takes %s, not '%s'\n", LIMIT_DEFS[id].name, why,
                        optarg);
                fputs("Try 'stacklint --help' for more information.\n", stderr);
                return EXIT_USAGE;
            }
            cli.limit_given[id] = true;
            break;
        }
        case ':': return usage_error("option '%s' needs a value", argv[optind - 1]);
        default: return usage_error("unknown option '%s'", argv[optind - 1]);
        }
    }
    if (show_version) {
        printf("stacklint %s\n", STACKLINT_VERSION);
        if (verbose) {
            printf("CloudFormation resource specification: %s\n", SPEC_VERSION);
            print_data_versions();
        }
        return EXIT_CLEAN;
    }
    Config cfg;
    int rc = setup_config(&cli, &cfg);
    /* after the configuration: the team's own rules are listed and explained too */
    if (rc == EXIT_CLEAN && cli.list_rules) {
        if (cli.format != OUT_TEXT && cli.format != OUT_JSON)
            rc = usage_error("--list-rules prints text or json, not '%s'",
                             cli.format == OUT_SARIF ? "sarif" : "github");
        else if (catalog_list(stdout, cli.format) != 0)
            rc = EXIT_USAGE;
    }
    else if (rc == EXIT_CLEAN && cli.explain)
        rc = explain(cli.explain);
    else if (rc == EXIT_CLEAN && cli.print_config)
        config_print(&cfg, stdout);
    else if (rc == EXIT_CLEAN)
        rc = run(&cli, &cfg, argv + optind, argc - optind);
    config_free(&cfg);
    free(cli.rules_dirs);
    for (size_t i = 0; i < cli.nswitches; i++)
        free((void *)cli.switches[i]);
    free(cli.switches);
    return rc;
}
