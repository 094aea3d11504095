/*
 * iam_policy.c — the IAM helpers the checks share (iam_policy.h).
 *
 * The rule pages promise how unknown values are treated, and this file
 * keeps that promise in one place: a value is known when it is a string, or
 * a Ref to a parameter with AllowedValues or a Default; anything else
 * (Fn::ImportValue, Fn::GetAtt, a Ref to a resource) is unknown and never
 * the ground of a finding.
 */
#include "iam_policy.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>


size_t iam_resolve(const Model *m, const Node *n, const char **out, size_t max)
{
    if (!max)
        return 0;
    if (node_is_scalar(n)) {
        out[0] = node_str(n);
        return 1;
    }
    Node *arg;
    const char *fn = node_intrinsic(n, &arg);
    if (!fn || strcmp(fn, "Ref") != 0 || !node_str(arg))
        return 0;
    const Node *param = node_get(m->parameters, node_str(arg));
    if (!node_is_map(param))
        return 0;
    const Node *allowed = node_get(param, "AllowedValues");
    size_t k = 0;
    if (node_is_seq(allowed)) {
        for (uint32_t i = 0; i < allowed->len && k < max; i++)
            if (node_str(allowed->u.items[i]))
                out[k++] = node_str(allowed->u.items[i]);
        return k;
    }
    const char *def = node_str(node_get(param, "Default"));
    if (def) {
        /* a CommaDelimitedList default is several values */
        if (node_str_eq(node_get(param, "Type"), "CommaDelimitedList"))
            return 0;
        out[0] = def;
        return 1;
    }
    return 0;
}

const char *iam_value_origin(CheckCtx *ctx, const Node *n, bool paren)
{
    Node *arg;
    const char *fn = node_intrinsic(n, &arg);
    if (!fn || strcmp(fn, "Ref") != 0 || !node_str(arg) || !node_get(ctx->model->parameters, node_str(arg)))
        return "";
    return arena_printf(ctx->arena, paren ? " (a value parameter '%s' allows)"
                                          : ", a value parameter '%s' allows", node_str(arg));
}

bool iam_value_may_be(const Model *m, const Node *n, const char *s)
{
    const char *vals[64];
    size_t k = iam_resolve(m, n, vals, 64);
    for (size_t i = 0; i < k; i++)
        if (strcasecmp(vals[i], s) == 0)
            return true;
    return false;
}

/* --- conditions ---------------------------------------------------------------- */

/* Condition keys that tie a request to a known network, account,
 * organisation or resource. */
static const char *const NARROWING_KEYS[] = {
    "aws:SourceVpce", "aws:SourceVpc", "aws:SourceArn", "aws:SourceAccount",
    "aws:SourceOwner", "aws:SourceOrgID", "aws:SourceOrgPaths", "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths", "aws:PrincipalAccount", "aws:PrincipalArn", "aws:SourceIp",
    "aws:userid", "aws:PrincipalServiceName", "kms:CallerAccount", NULL};

static bool narrowing_key(const char *k)
{
    for (const char *const *l = NARROWING_KEYS; *l; l++)
        if (strcasecmp(k, *l) == 0)
            return true;
    return false;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* The tested value is something other than "*" (a list of "*" narrows nothing). */
static bool value_restricts(const Node *v)
{
    if (node_is_seq(v)) {
        for (uint32_t i = 0; i < v->len; i++)
            if (value_restricts(v->u.items[i]))
                return true;
        return false;
    }
    return !node_str_eq(v, "*");
}

/* Some operator accepted by want_negated tests a narrowing key. */
static bool tests_narrowing_key(const Node *cond, bool negated)
{
    if (!node_is_map(cond))
        return false;
    for (uint32_t i = 0; i < cond->len; i++) {
        const char *op = cond->u.entries[i].key->u.str;
        bool is_neg = strstr(op, "Not") != NULL;
        if (strcmp(op, "Null") == 0 || is_neg != negated)
            continue;
        if (!negated && ends_with(op, "IfExists"))
            continue;
        const Node *tests = cond->u.entries[i].value;
        if (!node_is_map(tests))
            continue;
        for (uint32_t k = 0; k < tests->len; k++)
            if (narrowing_key(tests->u.entries[k].key->u.str) &&
                value_restricts(tests->u.entries[k].value))
                return true;
    }
    return false;
}

bool iam_condition_narrows(const Node *cond)
{
    return tests_narrowing_key(cond, false);
}

/* A positive test of an identity provider's claim: the key's prefix is
 * the provider's host (token.actions.githubusercontent.com:sub,
 * accounts.google.com:aud, cognito-identity.amazonaws.com:aud). */
static bool tests_federation_claim(const Node *cond)
{
    if (!node_is_map(cond))
        return false;
    for (uint32_t i = 0; i < cond->len; i++) {
        const char *op = cond->u.entries[i].key->u.str;
        const Node *tests = cond->u.entries[i].value;
        if (strstr(op, "Not") || strcmp(op, "Null") == 0 || ends_with(op, "IfExists") ||
            !node_is_map(tests))
            continue;
        for (uint32_t k = 0; k < tests->len; k++) {
            const char *key = tests->u.entries[k].key->u.str, *colon = strchr(key, ':');
            const char *dot = strchr(key, '.');
            if (colon && dot && dot < colon && value_restricts(tests->u.entries[k].value))
                return true;
        }
    }
    return false;
}

/* Every action string of allow is matched by some action pattern of deny. */
static bool deny_covers_actions(const Statement *deny, const Statement *allow)
{
    if (deny->action.negated || allow->action.negated)
        return false;
    for (size_t i = 0; i < allow->action.len; i++) {
        const char *a = allow->action.items[i].str;
        bool covered = false;
        for (size_t k = 0; a && k < deny->action.len && !covered; k++) {
            const char *d = deny->action.items[k].str;
            covered = d && iam_glob(d, strlen(d), a, strlen(a));
        }
        if (!covered)
            return false;
    }
    return allow->action.len > 0;
}

/* Each action pattern is expanded once per file, whatever the number of
 * documents using it and of rules asking: a file-wide table of expansions
 * (Model.check_cache[CHECK_CACHE_IAM_EXPANSIONS]), keyed by the pattern
 * text. A generated template has thousands of small documents repeating a
 * few patterns; a set is iam_set_words() words (a few KB), so one per
 * document and pattern made most of the memory of a large template. */
typedef struct Expansion {
    const char *pattern;        /* NULL: empty slot */
    IamExpand status;
    size_t count;
    uint64_t *set;
} Expansion;

typedef struct ExpCache {
    Expansion *slots;           /* open addressing, nslots entries (a power of two) */
    size_t n, nslots;
    uint64_t *zero;             /* the set of every pattern that matches nothing */
    uint64_t *spare;            /* an empty set for the next expansion */
} ExpCache;

static uint64_t pattern_hash(const char *pattern)
{
    uint64_t h = 1469598103934665603ull;
    for (const char *c = pattern; *c; c++)
        h = (h ^ (unsigned char)*c) * 1099511628211ull;
    return h;
}

static Expansion *exp_slot(ExpCache *c, const char *pattern, uint64_t h)
{
    size_t mask = c->nslots - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask)
        if (!c->slots[i].pattern || strcmp(c->slots[i].pattern, pattern) == 0)
            return &c->slots[i];
}

/* The file's two tables: expansions of single patterns, and the action sets
 * of whole Action lists (keyed by the list's values joined with '\n'). */
typedef struct IamCache {
    ExpCache patterns, lists;
} IamCache;

static IamCache *iam_cache(CheckCtx *ctx)
{
    Model *m = (Model *)ctx->model;     /* the model is the checks' to annotate */
    IamCache *c = m->check_cache[CHECK_CACHE_IAM_EXPANSIONS];
    if (!c) {
        c = m->check_cache[CHECK_CACHE_IAM_EXPANSIONS] = arena_calloc(ctx->arena, 1, sizeof *c);
        c->patterns.nslots = c->lists.nslots = 64;
        c->patterns.slots = arena_calloc(ctx->arena, 64, sizeof *c->patterns.slots);
        c->lists.slots = arena_calloc(ctx->arena, 64, sizeof *c->lists.slots);
    }
    return c;
}

/* The slot for key in c, made (empty: pattern NULL) when it is not there. */
static Expansion *cache_slot(CheckCtx *ctx, ExpCache *c, const char *key)
{
    uint64_t h = pattern_hash(key);
    Expansion *e = exp_slot(c, key, h);
    if (e->pattern || (c->n + 1) * 2 <= c->nslots)
        return e;
    ExpCache g = *c;
    g.nslots = c->nslots * 2;
    g.slots = arena_calloc(ctx->arena, g.nslots, sizeof *g.slots);
    for (size_t i = 0; i < c->nslots; i++)
        if (c->slots[i].pattern)
            *exp_slot(&g, c->slots[i].pattern, pattern_hash(c->slots[i].pattern)) = c->slots[i];
    *c = g;
    return exp_slot(c, key, h);
}

/* The expansion of one pattern, from the file's cache. The set is shared:
 * callers must not change it. */
static const Expansion *expand(CheckCtx *ctx, const char *pattern)
{
    ExpCache *c = &iam_cache(ctx)->patterns;
    Expansion *e = cache_slot(ctx, c, pattern);
    if (e->pattern)
        return e;
    if (!c->spare)
        c->spare = arena_calloc(ctx->arena, iam_set_words(), sizeof *c->spare);
    e->pattern = pattern;
    e->set = c->spare;
    e->status = iam_expand(pattern, e->set, &e->count);
    if (e->count) {
        c->spare = NULL;
    } else {
        /* nothing was added: share one empty set, keep this one for the next */
        if (!c->zero) {
            c->zero = c->spare;
            c->spare = NULL;
        }
        e->set = c->zero;
    }
    c->n++;
    return e;
}

/* What the checks need to know about a whole document, computed once
 * (PolicyDoc.check_cache) so that per-statement questions stay linear. */
#define MAX_GUARDS 16

typedef struct DocFacts {
    const Statement *guards[MAX_GUARDS];    /* Deny statements refusing requests from elsewhere */
    size_t nguards;
    uint64_t *denied;       /* actions an unconditional Deny on "*" refuses, or NULL */
    StmtFacts *facts;       /* per statement, valid where have[i] */
    uint8_t *have;
} DocFacts;

static DocFacts *doc_facts(CheckCtx *ctx, const PolicyDoc *pd)
{
    if (pd->check_cache)
        return pd->check_cache;
    DocFacts *df = arena_calloc(ctx->arena, 1, sizeof *df);
    df->facts = arena_calloc(ctx->arena, pd->nstmts ? pd->nstmts : 1, sizeof *df->facts);
    df->have = arena_calloc(ctx->arena, pd->nstmts ? pd->nstmts : 1, 1);
    ((PolicyDoc *)pd)->check_cache = df;    /* the model is the checks' to annotate */
    for (size_t i = 0; i < pd->nstmts; i++) {
        const Statement *d = &pd->stmts[i];
        if (d->effect != EFFECT_DENY || d->not_principal)
            continue;
        if (tests_narrowing_key(d->condition, true) && df->nguards < MAX_GUARDS)
            df->guards[df->nguards++] = d;
        if (!d->condition && iam_unscoped_resource(ctx->model, d)) {
            uint64_t *set = iam_statement_actions(ctx, d);
            if (!df->denied)
                df->denied = arena_calloc(ctx->arena, iam_set_words(), sizeof *df->denied);
            for (size_t w = 0; w < iam_set_words(); w++)
                df->denied[w] |= set[w];
        }
    }
    return df;
}

bool iam_statement_narrowed(CheckCtx *ctx, const Statement *st)
{
    if (iam_condition_narrows(st->condition) ||
        (st->doc && st->doc->kind == POLICY_TRUST && tests_federation_claim(st->condition)))
        return true;
    if (!st->doc)
        return false;
    const DocFacts *df = doc_facts(ctx, st->doc);
    for (size_t i = 0; i < df->nguards; i++)
        if (deny_covers_actions(df->guards[i], st))
            return true;
    return false;
}

const uint64_t *iam_doc_denied(CheckCtx *ctx, const PolicyDoc *pd)
{
    return doc_facts(ctx, pd)->denied;
}

/* --- principals ------------------------------------------------------------------ */

bool iam_principal_is_everyone(const Model *m, const IamPrincipal *p)
{
    if (strcmp(p->type, "*") != 0 && strcmp(p->type, "AWS") != 0)
        return false;
    return iam_value_may_be(m, p->node, "*");
}

/* The text of a value with references written as ${Name}: a string, a
 * Fn::Sub template, or a Fn::Join of those; false when it is anything else. */
bool iam_value_text(const Node *n, char *buf, size_t size)
{
    buf[0] = 0;
    if (node_is_scalar(n)) {
        snprintf(buf, size, "%s", node_str(n));
        return true;
    }
    Node *arg;
    const char *fn = node_intrinsic(n, &arg);
    if (!fn)
        return false;
    if (strcmp(fn, "Ref") == 0 && node_str(arg)) {
        snprintf(buf, size, "${%s}", node_str(arg));
        return true;
    }
    if (strcmp(fn, "Fn::Sub") == 0) {
        const Node *t = node_is_seq(arg) && arg->len ? arg->u.items[0] : arg;
        if (!node_str(t))
            return false;
        snprintf(buf, size, "%s", node_str(t));
        return true;
    }
    if (strcmp(fn, "Fn::Join") == 0 && node_is_seq(arg) && arg->len == 2 &&
        node_str(arg->u.items[0]) && node_is_seq(arg->u.items[1])) {
        const Node *parts = arg->u.items[1];
        size_t used = 0;
        for (uint32_t i = 0; i < parts->len; i++) {
            char part[256];
            if (!iam_value_text(parts->u.items[i], part, sizeof part))
                return false;
            int w = snprintf(buf + used, size - used, "%s%s", i ? node_str(arg->u.items[0]) : "", part);
            if (w < 0 || (size_t)w >= size - used)
                return false;
            used += (size_t)w;
        }
        return true;
    }
    return false;
}

static bool root_of(const char *s, const char *account)
{
    char want[128];
    snprintf(want, sizeof want, ":iam::%s:root", account);
    return strcmp(s, account) == 0 || (strncmp(s, "arn:", 4) == 0 && ends_with(s, want));
}

bool iam_principal_is_own_account(const IamPrincipal *p)
{
    char buf[512];
    if (strcmp(p->type, "AWS") != 0 || !iam_value_text(p->node, buf, sizeof buf))
        return false;
    return root_of(buf, "${AWS::AccountId}");
}

bool iam_principal_is_literal_account(const IamPrincipal *p)
{
    char buf[512];
    if (strcmp(p->type, "AWS") != 0 || !iam_value_text(p->node, buf, sizeof buf))
        return false;
    const char *s = buf;
    if (strncmp(s, "arn:", 4) == 0) {
        const char *iam = strstr(s, ":iam::");
        if (!iam || !ends_with(s, ":root"))
            return false;
        s = iam + 6;
    }
    size_t digits = strspn(s, "0123456789");
    return digits == 12 && (s[12] == 0 || strcmp(s + 12, ":root") == 0);
}

IamPrincipalClass iam_principal_class(const Model *m, const IamPrincipal *p)
{
    if (strcmp(p->type, "*") != 0 && strcmp(p->type, "AWS") != 0)
        return PRINCIPAL_OTHER;
    if (iam_principal_is_own_account(p))
        return PRINCIPAL_OWN;
    if (iam_principal_is_literal_account(p))
        return PRINCIPAL_UNKNOWN;
    const char *vals[64];
    size_t k = iam_resolve(m, p->node, vals, 64);
    if (k) {
        for (size_t i = 0; i < k; i++) {
            IamPrincipal q = {.type = "AWS", .node = p->node, .str = vals[i]};
            Node tmp = {.kind = NODE_SCALAR, .len = (uint32_t)strlen(vals[i]), .u.str = vals[i]};
            q.node = &tmp;
            if (strcmp(vals[i], "*") == 0)
                return PRINCIPAL_OTHER;
            if (iam_principal_is_literal_account(&q) || iam_principal_is_own_account(&q))
                return PRINCIPAL_UNKNOWN;
        }
        return PRINCIPAL_OTHER;
    }
    Node *arg;
    const char *fn = node_intrinsic(p->node, &arg);
    if (fn && strcmp(fn, "Fn::GetAtt") == 0)
        return PRINCIPAL_OTHER;     /* a role's or user's ARN */
    char buf[512];
    if (iam_value_text(p->node, buf, sizeof buf)) {
        size_t n = strlen(buf);
        if (ends_with(buf, ":root") || (buf[0] == '$' && buf[1] == '{' && buf[n - 1] == '}' &&
                                        !strchr(buf + 2, '{')))
            return PRINCIPAL_UNKNOWN;
        return PRINCIPAL_OTHER;
    }
    return PRINCIPAL_UNKNOWN;
}

const char *iam_arn_for_template(CheckCtx *ctx, const char *arn)
{
    static const char *const from[] = {"${Partition}", "${Region}", "${Account}"};
    static const char *const to[] = {"${AWS::Partition}", "${AWS::Region}", "${AWS::AccountId}"};
    const char *out = arn;
    for (int i = 0; i < 3; i++) {
        const char *at = strstr(out, from[i]);
        if (at)
            out = arena_printf(ctx->arena, "%.*s%s%s", (int)(at - out), out, to[i],
                               at + strlen(from[i]));
    }
    return out;
}

/* --- actions and resources ------------------------------------------------------- */

const IamValue *iam_unscoped_resource(const Model *m, const Statement *st)
{
    if (st->resource.negated)
        return NULL;
    for (size_t i = 0; i < st->resource.len; i++)
        if (iam_value_may_be(m, st->resource.items[i].node, "*"))
            return &st->resource.items[i];
    return NULL;
}

uint64_t *iam_statement_actions(CheckCtx *ctx, const Statement *st)
{
    size_t words = iam_set_words();
    uint64_t *set = arena_calloc(ctx->arena, words, sizeof *set);
    const char *vals[64];
    for (size_t i = 0; i < st->action.len; i++) {
        size_t k = iam_resolve(ctx->model, st->action.items[i].node, vals, 64);
        if (!k && st->action.negated)
            return memset(set, 0, words * sizeof *set);
        for (size_t j = 0; j < k; j++) {
            const Expansion *e = expand(ctx, vals[j]);
            for (size_t w = 0; w < words && e->count; w++)
                set[w] |= e->set[w];
        }
    }
    if (st->action.negated && st->action.key)
        iam_set_invert(set);
    return set;
}

const uint64_t *iam_value_actions(CheckCtx *ctx, const Statement *st, const char *pattern,
                                  size_t *count)
{
    (void)st;   /* the cache is the file's, not the statement's document's */
    const Expansion *e = expand(ctx, pattern);
    *count = e->count;
    return e->set;
}

static bool value_is_everything(CheckCtx *ctx, const IamValue *v)
{
    const char *vals[64];
    size_t k = iam_resolve(ctx->model, v->node, vals, 64);
    for (size_t j = 0; j < k; j++) {
        const Expansion *e = expand(ctx, vals[j]);
        if (e->status == IAM_EXPAND_OK && e->count == IAM_NACTIONS)
            return true;
    }
    return false;
}

const char *iam_sid_note(CheckCtx *ctx, const Statement *st)
{
    return st->sid ? arena_printf(ctx->arena, " in statement '%s'", st->sid) : "";
}

/* --- verdicts -------------------------------------------------------------------- */

static bool covers_passrole(const Model *m, const IamValue *v)
{
    static uint32_t passrole = IAM_NO_ACTION;
    if (passrole == IAM_NO_ACTION)
        passrole = iam_action_find("iam:PassRole");   /* constant: racing threads agree */
    const char *vals[64];
    size_t k = iam_resolve(m, v->node, vals, 64);
    for (size_t j = 0; j < k; j++) {
        char name[64];
        iam_action_name(passrole, name, sizeof name);
        if (iam_glob(vals[j], strlen(vals[j]), name, strlen(name)))
            return true;
    }
    return false;
}

/* "*" or "service:*" of a service the catalog knows. */
bool iam_value_whole_service(const Model *m, const IamValue *v)
{
    const char *vals[64];
    size_t k = iam_resolve(m, v->node, vals, 64);
    for (size_t j = 0; j < k; j++) {
        const char *s = vals[j], *colon = strchr(s, ':');
        if (strcmp(s, "*") == 0)
            return true;
        if (colon && strcmp(colon + 1, "*") == 0 && iam_service_find(s, (size_t)(colon - s)) >= 0)
            return true;
    }
    return false;
}

static bool unknown_action(CheckCtx *ctx, const IamValue *v)
{
    const char *vals[64];
    size_t k = iam_resolve(ctx->model, v->node, vals, 64);
    for (size_t j = 0; j < k; j++)
        if (expand(ctx, vals[j])->status != IAM_EXPAND_OK)
            return true;
    return false;
}

/* Whether rule `id` runs in this run: one element gets one finding, from
 * the most specific rule that is switched on, so a team that turns off
 * IAM002 still hears IAM001 about "*". */
static bool rule_on(CheckCtx *ctx, const Rule *r)
{
    return r && check_rule_on(ctx, r);
}

/* The rule table is constant: look the three up once, not per statement
 * (racing threads store the same pointers). */
static const Rule *rule_iam002, *rule_iam007, *rule_iam011;

static void precedence_rules(void)
{
    if (!rule_iam002) {
        rule_iam007 = rule_find("IAM007");
        rule_iam011 = rule_find("IAM011");
        rule_iam002 = rule_find("IAM002");
    }
}

/* The action set of a positive Action list, shared by every statement of the
 * file with the same values (a generated template repeats a few lists
 * thousands of times, and a set is a few KB). Keyed by the values' texts,
 * each with its length; NULL when the key would be too long. */
static uint64_t *list_actions(CheckCtx *ctx, const Statement *st)
{
    char key[2048];
    size_t used = 0;
    key[0] = '\0';
    for (size_t i = 0; i < st->action.len; i++) {
        const char *vals[64];
        size_t k = iam_resolve(ctx->model, st->action.items[i].node, vals, 64);
        for (size_t j = 0; j < k; j++) {
            /* "LEN:TEXT", written by hand: snprintf cost more than the rest */
            size_t len = strlen(vals[j]), d = 0;
            char digits[24];
            do
                digits[d++] = (char)('0' + len % 10);
            while ((len /= 10) > 0);
            len = strlen(vals[j]);
            if (used + d + 1 + len >= sizeof key)
                return NULL;
            while (d > 0)
                key[used++] = digits[--d];
            key[used++] = ':';
            memcpy(key + used, vals[j], len + 1);
            used += len;
        }
    }
    ExpCache *c = &iam_cache(ctx)->lists;
    Expansion *e = cache_slot(ctx, c, key);
    if (!e->pattern) {
        e->pattern = arena_strndup(ctx->arena, key, used);
        e->set = iam_statement_actions(ctx, st);
        c->n++;
    }
    return e->set;
}

static void compute_facts(CheckCtx *ctx, const Statement *st, StmtFacts *f)
{
    const Model *m = ctx->model;
    memset(f, 0, sizeof *f);
    f->identity_allow = st->doc && st->doc->kind == POLICY_IDENTITY && st->effect == EFFECT_ALLOW;
    f->verdicts = arena_calloc(ctx->arena, st->action.len ? st->action.len : 1, 1);
    bool passrole_denied = false;
    if (f->identity_allow) {
        f->unscoped = iam_unscoped_resource(m, st);
        const uint64_t *denied = iam_doc_denied(ctx, st->doc);
        /* one action value with one candidate (the usual statement): its
         * expansion is the whole set, shared rather than copied */
        const char *vals[2];
        if (!denied && !st->action.negated && st->action.len == 1 &&
            iam_resolve(m, st->action.items[0].node, vals, 2) == 1)
            f->actions = expand(ctx, vals[0])->set;
        else if (!denied && !st->action.negated)
            f->actions = list_actions(ctx, st);
        if (!f->actions)
            f->actions = iam_statement_actions(ctx, st);
        f->admin = f->unscoped && iam_set_full(f->actions);
        if (denied) {
            for (size_t w = 0; w < iam_set_words(); w++)
                f->actions[w] &= ~denied[w];
            passrole_denied = iam_set_has(denied, iam_action_find("iam:PassRole"));
        }
    }
    precedence_rules();
    bool on002 = rule_on(ctx, rule_iam002), on011 = rule_on(ctx, rule_iam011),
         on007 = rule_on(ctx, rule_iam007);
    for (size_t i = 0; i < st->action.len; i++) {
        const IamValue *v = &st->action.items[i];
        bool positive = !st->action.negated;
        if (on002 && f->admin && positive && value_is_everything(ctx, v))
            f->verdicts[i] = VERDICT_IAM002;
        else if (on011 && unknown_action(ctx, v))
            f->verdicts[i] = VERDICT_IAM011;
        else if (!f->identity_allow || !positive || (on002 && f->admin))
            f->verdicts[i] = VERDICT_NONE;
        else if (on007 && f->unscoped && !passrole_denied && covers_passrole(m, v))
            f->verdicts[i] = VERDICT_IAM007;
        else if (iam_value_whole_service(m, v))
            f->verdicts[i] = VERDICT_IAM001;
    }
}

void iam_statement_facts(CheckCtx *ctx, const Statement *st, StmtFacts *f)
{
    if (!st->doc) {
        compute_facts(ctx, st, f);
        return;
    }
    DocFacts *df = doc_facts(ctx, st->doc);
    size_t i = (size_t)(st - st->doc->stmts);
    if (!df->have[i]) {
        compute_facts(ctx, st, &df->facts[i]);
        df->have[i] = 1;
    }
    *f = df->facts[i];
}
