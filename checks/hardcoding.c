/*
 * hardcoding.c — values written into a template that belong elsewhere.
 *
 * REF001: an ARN (or an amazonaws.com host name) with this account's id,
 * region or partition written out, where ${AWS::AccountId}, ${AWS::Region}
 * and ${AWS::Partition} keep the template deployable anywhere. Each literal
 * part is its own finding, spanning just that part when the scalar's text
 * maps one to one onto the source.
 * REF002: a secret-like property (found through the compiled-in
 * specification, spec.h) given as a literal or through a parameter that
 * shows or stores it.
 * REF003: a physical name set for a resource whose name property the
 * specification says is optional (note, off by default).
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "checks.h"
#include "spec.h"

/* --- locating part of a scalar ---------------------------------------------- */

/* Reports [off, off+len) of scalar n's text: exactly there when the source
 * holds that text at that place (a one-line plain or quoted scalar without
 * escapes), else on the whole scalar, or not at all when `strict` (in a
 * serverless.yml the text may be a variable's value, not what was written). */
static bool report_part(CheckCtx *ctx, const Node *n, size_t off, size_t len, const Resource *r,
                        const char *msg, bool strict)
{
    const Document *doc = ctx->model->doc;
    const char *s = node_str(n);
    if (doc && doc->text && s && !(n->flags & NODE_SYNTHETIC)) {
        for (uint32_t skip = 0; skip <= 1; skip++) {
            uint64_t at = (uint64_t)n->span.start + skip + off;
            if (at + len <= n->span.end && at + len <= doc->size &&
                memcmp(doc->text + at, s + off, len) == 0) {
                report_span(ctx, (uint32_t)at, (uint32_t)(at + len), r, "%s", msg);
                return true;
            }
        }
    }
    if (strict)
        return false;
    report(ctx, n, r, "%s", msg);
    return true;
}

/* --- REF001 ------------------------------------------------------------------- */

typedef struct PtrSet {
    const void **slots;
    size_t cap, len;
} PtrSet;

/* Adds p; false when it was there already. SAM's Globals merge puts one
 * written value into several resources: it is reported once. */
static bool set_add(Arena *a, PtrSet *s, const void *p)
{
    if (2 * (s->len + 1) > s->cap) {
        PtrSet g = {arena_calloc(a, s->cap ? 2 * s->cap : 64, sizeof *g.slots), s->cap ? 2 * s->cap : 64, 0};
        for (size_t i = 0; i < s->cap; i++)
            if (s->slots[i])
                set_add(a, &g, s->slots[i]);
        *s = g;
    }
    size_t h = ((uintptr_t)p >> 3) * 0x9E3779B97F4A7C15ull;
    for (size_t i = h & (s->cap - 1);; i = (i + 1) & (s->cap - 1)) {
        if (s->slots[i] == p)
            return false;
        if (!s->slots[i]) {
            s->slots[i] = p;
            s->len++;
            return true;
        }
    }
}

typedef struct Ref1 {
    CheckCtx *ctx;
    const Resource *r;      /* NULL for an output */
    const char *owner;      /* "resource 'X'" / "output 'Y'", made at the first finding */
    const char *output;     /* the output's name, when r is NULL */
    bool global_region;     /* CloudFront: its certificates and edge functions live in us-east-1 */
    bool sls;               /* a serverless.yml, whose strings may hold resolved variables */
    bool partitions;        /* report literal partitions (parameter `partition`, default true) */
    PtrSet seen;
} Ref1;

static const char *ref1_owner(Ref1 *w)
{
    if (!w->owner)
        w->owner = w->r ? arena_printf(w->ctx->arena, w->r->synthetic
                                                          ? "resource '%s' (generated from this text)"
                                                          : "resource '%s'", w->r->id)
                        : arena_printf(w->ctx->arena, "output '%s'", w->output);
    return w->owner;
}

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    return n > 0;
}

static bool is_account(const char *s, size_t n)
{
    return n == 12 && all_digits(s, n);
}

/* A region name: two letters, optional words (gov, iso, ...), a direction,
 * a number: us-east-1, eu-central-2, us-gov-west-1, ap-southeast-5,
 * cn-northwest-1, us-isob-east-1. The direction keeps names such as
 * my-bucket-1 out. */
static bool is_region(const char *s, size_t n)
{
    if (n < 6 || !islower((unsigned char)s[0]) || !islower((unsigned char)s[1]) || s[2] != '-')
        return false;
    size_t i = n;
    while (i > 0 && isdigit((unsigned char)s[i - 1]))
        i--;
    if (i == n || i < 5 || s[i - 1] != '-')
        return false;
    for (size_t k = 3; k < i - 1; k++)
        if (!islower((unsigned char)s[k]) && s[k] != '-')
            return false;
    size_t w = i - 1;   /* the last word is s[w0, w) */
    size_t w0 = w;
    while (w0 > 3 && s[w0 - 1] != '-')
        w0--;
    static const char *const directions[] = {"east", "west", "north", "south", "central",
                                             "northeast", "northwest", "southeast", "southwest",
                                             NULL};
    for (const char *const *d = directions; *d; d++)
        if (strlen(*d) == w - w0 && memcmp(s + w0, *d, w - w0) == 0)
            return true;
    return false;
}

static bool is_partition(const char *s, size_t n)
{
    return (n == 3 && memcmp(s, "aws", 3) == 0) || (n > 4 && memcmp(s, "aws-", 4) == 0);
}

/* The end of the ARN field starting at i: the next ':' outside ${...}. */
static size_t field_end(const char *s, size_t n, size_t i)
{
    while (i < n && s[i] != ':') {
        if (s[i] == '$' && i + 1 < n && s[i + 1] == '{') {
            const char *close = memchr(s + i, '}', n - i);
            if (!close)
                return n;
            i = (size_t)(close - s) + 1;
        } else if (s[i] == ' ' || s[i] == '"' || s[i] == '\'' || s[i] == ',') {
            return i;
        } else {
            i++;
        }
    }
    return i;
}

static bool ref1_report(Ref1 *w, const Node *n, size_t off, size_t len, const char *what,
                        const char *pseudo, const char *why)
{
    const char *s = node_str(n);
    char lit[32];
    snprintf(lit, sizeof lit, "%.*s", (int)(len < 24 ? len : 24), s + off);
    /* the Framework's own variables, where the Framework has one */
    const char *sls_var = !w->sls ? NULL : strcmp(pseudo, "AWS::Region") == 0 ? "${aws:region}"
                        : strcmp(pseudo, "AWS::AccountId") == 0 ? "${aws:accountId}" : NULL;
    const char *msg = arena_printf(w->ctx->arena,
                                   "%s has the %s '%s' written out; use %s%s%s${%s}%s instead, %s",
                                   ref1_owner(w), what, lit, sls_var ? sls_var : "",
                                   sls_var ? " (a Serverless Framework variable)" : "",
                                   sls_var ? " or " : "", pseudo, " (in a !Sub)", why);
    return report_part(w->ctx, n, off, len, w->r, msg, w->sls);
}

static const char WHY_ACCOUNT[] = "so the template deploys to any account";
static const char WHY_REGION[] = "so the template deploys to any region";
static const char WHY_PARTITION[] = "so the template deploys to China and GovCloud regions too";

/* One ARN starting at s[i] ("arn:"). `composed`: the text is a Fn::Sub
 * template or a piece of a Fn::Join, where writing a pseudo parameter
 * costs nothing, so a literal partition is reported there even alone. */
static size_t scan_arn(Ref1 *w, const Node *n, size_t i, bool composed)
{
    const char *s = node_str(n);
    size_t len = n->len, f[5][2], at = i + 4;
    for (int k = 0; k < 4; k++) {
        size_t e = field_end(s, len, at);
        f[k][0] = at, f[k][1] = e - at;
        if (e >= len || s[e] != ':')
            return e;
        at = e + 1;
    }
    f[4][0] = at, f[4][1] = field_end(s, len, at) - at;
    const char *svc = s + f[1][0];
    size_t svc_len = f[1][1];
    bool layer = f[4][1] >= 5 && memcmp(s + f[4][0], "layer", 5) == 0 &&
                 svc_len == 6 && memcmp(svc, "lambda", 6) == 0;
    int found = 0;
    /* a published layer belongs to its publisher's account: only its region is ours */
    if (is_account(s + f[3][0], f[3][1]) && !layer)
        found += ref1_report(w, n, f[3][0], f[3][1], "account id", "AWS::AccountId", WHY_ACCOUNT);
    if (is_region(s + f[2][0], f[2][1]) && !w->global_region)
        found += ref1_report(w, n, f[2][0], f[2][1], "region", "AWS::Region", WHY_REGION);
    if (w->partitions && is_partition(s + f[0][0], f[0][1]) && (found || composed))
        ref1_report(w, n, f[0][0], f[0][1], "partition", "AWS::Partition", WHY_PARTITION);
    return f[4][0];
}

/* A region as the label before .amazonaws.com in a host name
 * (sqs.eu-west-1.amazonaws.com, 1234.dkr.ecr.us-east-1.amazonaws.com). */
static void scan_hosts(Ref1 *w, const Node *n)
{
    if (w->global_region)
        return;
    const char *s = node_str(n), *p = s;
    while ((p = strstr(p, ".amazonaws.com")) != NULL) {
        const char *b = p;
        while (b > s && (isalnum((unsigned char)b[-1]) || b[-1] == '-'))
            b--;
        if (is_region(b, (size_t)(p - b)))
            ref1_report(w, n, (size_t)(b - s), (size_t)(p - b), "region", "AWS::Region", WHY_REGION);
        p += 14;
    }
}

/* Whether s holds "arn:" or ".amazonaws.com", without which scan_string
 * finds nothing in any resource. */
static bool may_hold_arn_or_host(const char *s, size_t n)
{
    for (size_t i = 3; i < n; i++) {
        if (s[i] == ':' && memcmp(s + i - 3, "arn", 3) == 0)
            return true;
        if (s[i] == '.' && n - i >= 14 && memcmp(s + i, ".amazonaws.com", 14) == 0)
            return true;
    }
    return false;
}

static void scan_string(Ref1 *w, const Node *n, bool composed)
{
    const char *s = node_str(n);
    /* Text that can give no finding is not remembered: the set of scanned
     * strings keeps to the few that matter, not every scalar in the file. */
    if (!s || n->len < 8 || !may_hold_arn_or_host(s, n->len) ||
        !set_add(w->ctx->arena, &w->seen, n))
        return;
    for (size_t i = 0; i + 4 <= n->len;) {
        if (memcmp(s + i, "arn:", 4) == 0 && (i == 0 || !isalnum((unsigned char)s[i - 1])))
            i = scan_arn(w, n, i, composed) + 1;
        else
            i++;
    }
    scan_hosts(w, n);
}

/* Keys whose value is an account id by name (SourceAccount, AwsAccountId,
 * aws:SourceAccount): a bare 12-digit value there is an account written out. */
static bool account_key(const Node *key)
{
    const char *k = node_str(key);
    size_t n = k ? strlen(k) : 0;
    /* both names end in a letter that most keys do not end in */
    if (n < 7 || ((k[n - 1] | 0x20) != 't' && (k[n - 1] | 0x20) != 'd'))
        return false;
    return (n >= 7 && strcasecmp(k + n - 7, "Account") == 0) ||
           (n >= 9 && strcasecmp(k + n - 9, "AccountId") == 0);
}

static void walk_ref1(Ref1 *w, const Node *n, bool composed, int depth)
{
    if (!n || depth > 64)
        return;
    if (node_is_scalar(n)) {
        scan_string(w, n, composed);
        return;
    }
    if (node_is_seq(n)) {
        for (uint32_t i = 0; i < n->len; i++)
            walk_ref1(w, n->u.items[i], composed, depth + 1);
        return;
    }
    Node *arg;
    const char *fn = node_intrinsic(n, &arg);
    if (fn && strcmp(fn, "Fn::Sub") == 0) {
        if (node_is_seq(arg) && arg->len >= 1) {
            walk_ref1(w, arg->u.items[0], true, depth + 1);
            if (arg->len == 2)
                walk_ref1(w, arg->u.items[1], false, depth + 1);
        } else {
            walk_ref1(w, arg, true, depth + 1);
        }
        return;
    }
    if (fn && strcmp(fn, "Fn::Join") == 0 && node_is_seq(arg) && arg->len == 2) {
        walk_ref1(w, arg->u.items[1], true, depth + 1);
        return;
    }
    if (!node_is_map(n))
        return;
    for (uint32_t i = 0; i < n->len; i++) {
        const Node *k = n->u.entries[i].key, *v = n->u.entries[i].value;
        /* A principal names who is granted access: another account is the
         * point of a cross-account grant, so accounts there are not ours. */
        if (node_str_eq(k, "Principal") || node_str_eq(k, "NotPrincipal"))
            continue;
        if (account_key(k) && node_is_scalar(v) && is_account(node_str(v), v->len) &&
            set_add(w->ctx->arena, &w->seen, v)) {
            const char *msg = arena_printf(w->ctx->arena,
                                           "%s has the account id '%s' written out in %s; use "
                                           "!Ref AWS::AccountId instead, %s",
                                           ref1_owner(w), node_str(v), node_str(k), WHY_ACCOUNT);
            report_part(w->ctx, v, 0, v->len, w->r, msg, w->sls);
            continue;
        }
        walk_ref1(w, v, composed, depth + 1);
    }
}

void check_ref_hardcoded_account_region(CheckCtx *ctx)
{
    const Model *m = ctx->model;
    Ref1 w = {.ctx = ctx, .sls = m->kind == KIND_SERVERLESS,
              .partitions = !node_is_false(rule_param(ctx, "partition"))};
    for (size_t i = 0; i < m->nresources; i++) {
        const Resource *r = &m->resources[i];
        w.r = r;
        w.owner = NULL;
        w.global_region = strncmp(r->type, "AWS::CloudFront::", 17) == 0;
        walk_ref1(&w, r->props, false, 0);
    }
    if (node_is_map(m->outputs))
        for (uint32_t i = 0; i < m->outputs->len; i++) {
            w.r = NULL;
            w.owner = NULL;
            w.output = m->outputs->u.entries[i].key->u.str;
            w.global_region = false;
            walk_ref1(&w, node_get(m->outputs->u.entries[i].value, "Value"), false, 0);
        }
}

/* --- REF002 ------------------------------------------------------------------- */

/* Secret-like property names. Every property whose name ends in
 * "Password" holds one (MasterUserPassword, AdminPassword, SmtpPassword, ...);
 * the others are the credentials the specification names otherwise:
 * ElastiCache's AuthToken, Secrets Manager's SecretString, OAuth client
 * secrets and tokens (Amplify, AppFlow, EventBridge connections, load
 * balancer OIDC), EventBridge's ApiKeyValue, and the private keys of IAM
 * server certificates, Pinpoint APNs channels and Transfer certificates. */
static const char *const SECRET_NAMES[] = {
    "AuthToken", "SecretString", "ClientSecret", "AccessToken", "RefreshToken", "OauthToken",
    "OAuthToken", "SecretAccessKey", "SecretToken", "ApiKeyValue", "PrivateKey", NULL,
};

static bool secret_name(const char *name, const char *typedef_name)
{
    size_t n = strlen(name);
    if (n >= 8 && strcmp(name + n - 8, "Password") == 0)
        return true;
    /* Cognito's TokenValidityUnits.AccessToken is a unit ("hours"), and App
     * Mesh's listener certificates give PrivateKey as a file path */
    if (typedef_name && (strcmp(typedef_name, "TokenValidityUnits") == 0 ||
                         strstr(typedef_name, "TlsFileCertificate")))
        return false;
    for (const char *const *s = SECRET_NAMES; *s; s++)
        if (name[0] == (*s)[0] && strcmp(name, *s) == 0)
            return true;
    return false;
}

typedef struct Ref2 {
    CheckCtx *ctx;
    const Resource *r;
    PtrSet params_seen;     /* parameters already reported */
} Ref2;

static bool dynamic_secret(const char *s)
{
    return strstr(s, "{{resolve:secretsmanager:") || strstr(s, "{{resolve:ssm-secure:");
}

/* A parameter one of several in a Fn::Sub: only those that look like a
 * secret (NoEcho, or a name saying so) are; a user name next to the
 * password in a SecretString JSON is not. */
static bool param_looks_secret(const Node *p, const char *name)
{
    if (node_is_true(node_get(p, "NoEcho")))
        return true;
    static const char *const words[] = {"password", "secret", "token", "passphrase", NULL};
    for (const char *const *wd = words; *wd; wd++)
        if (strcasestr(name, *wd))
            return true;
    return false;
}

static void secret_param(Ref2 *w, const char *prop, const char *name, bool in_sub)
{
    const Model *m = w->ctx->model;
    MapEntry *pe = node_get_entry(m->parameters, name);
    if (!pe || (in_sub && !param_looks_secret(pe->value, name)) ||
        !set_add(w->ctx->arena, &w->params_seen, pe))
        return;
    const Node *p = pe->value;
    const char *type = node_str(node_get(p, "Type"));
    /* an SSM parameter type holds the parameter's name, not the secret */
    if (type && strncmp(type, "AWS::SSM::Parameter::", 21) == 0)
        return;
    /* an empty default stores nothing (templates use it to make the secret optional) */
    MapEntry *def = node_get_entry(p, "Default");
    if (def && node_is_scalar(def->value) && def->value->len == 0)
        def = NULL;
    if (def)
        report(w->ctx, def->key, w->r,
               "parameter '%s' (the %s of '%s') has a Default, so the secret is stored in the "
               "template; remove the Default and keep the secret in Secrets Manager "
               "({{resolve:secretsmanager:...}})",
               name, prop, w->r->id);
    else if (!node_is_true(node_get(p, "NoEcho")))
        report(w->ctx, pe->key, w->r,
               "parameter '%s' (the %s of '%s') has no NoEcho: true, so the console and "
               "describe-stacks show it; add NoEcho: true, or better, use a "
               "{{resolve:secretsmanager:...}} dynamic reference",
               name, prop, w->r->id);
}

/* Reports at the property's key, not its value: a finding's fingerprint
 * hashes the text it spans, and a short secret's hash can be reversed. */
static void secret_value(Ref2 *w, const char *prop, const Node *key, const Node *v, int depth)
{
    if (!v || depth > 16)
        return;
    if (node_is_scalar(v)) {
        const char *s = node_str(v);
        if (!s[0] || dynamic_secret(s))
            return;
        /* a Serverless Framework variable the model could not resolve
         * (${ssm:...}, ${param:...}) is filled in at deploy time */
        if (w->ctx->model->kind == KIND_SERVERLESS && strstr(s, "${"))
            return;
        report(w->ctx, key, w->r,
               "%s of '%s' is written in the template as plain text%s; read it from Secrets "
               "Manager with {{resolve:secretsmanager:<secret>:SecretString:<key>}} (or "
               "{{resolve:ssm-secure:<name>}})",
               prop, w->r->id,
               strstr(s, "{{resolve:ssm:")
                   ? " (an ssm dynamic reference reads an unencrypted String parameter)" : "");
        return;
    }
    Node *arg;
    const char *fn = node_intrinsic(v, &arg);
    if (!fn)
        return;
    if (strcmp(fn, "Ref") == 0) {
        if (node_str(arg))
            secret_param(w, prop, node_str(arg), false);
    } else if (strcmp(fn, "Fn::If") == 0 && node_is_seq(arg) && arg->len == 3) {
        secret_value(w, prop, key, arg->u.items[1], depth + 1);
        secret_value(w, prop, key, arg->u.items[2], depth + 1);
    } else if (strcmp(fn, "Fn::Sub") == 0) {
        const Node *t = node_is_seq(arg) && arg->len ? arg->u.items[0] : arg;
        const char *s = node_str(t);
        if (!s || dynamic_secret(s))
            return;
        /* the parameters it names; text around them is not enough to call it a secret */
        for (const char *p = s; (p = strstr(p, "${")) != NULL;) {
            const char *e = strchr(p, '}');
            if (!e)
                break;
            if (p[2] != '!') {
                char *name = arena_strndup(w->ctx->arena, p + 2, (size_t)(e - p - 2));
                if (!strchr(name, '.'))
                    secret_param(w, prop, name, true);
            }
            p = e + 1;
        }
    }
    /* GetAtt, ImportValue, Join of those: produced elsewhere, not written here */
}

/* A free-form JSON property (a CodePipeline action's Configuration, where
 * a GitHub source takes its OAuthToken): keys named like a secret. */
static void walk_json(Ref2 *w, const Node *v, int depth)
{
    if (depth > 32 || node_intrinsic(v, NULL))
        return;
    if (node_is_seq(v))
        for (uint32_t i = 0; i < v->len; i++)
            walk_json(w, v->u.items[i], depth + 1);
    if (!node_is_map(v))
        return;
    for (uint32_t i = 0; i < v->len; i++) {
        const Node *k = v->u.entries[i].key, *x = v->u.entries[i].value;
        if (secret_name(k->u.str, NULL) && (node_is_scalar(x) || node_intrinsic(x, NULL)))
            secret_value(w, k->u.str, k, x, 0);
        else
            walk_json(w, x, depth + 1);
    }
}

/* Walks a value of spec type e, looking for secret-like properties. */
static void walk_spec(Ref2 *w, const Node *v, uint32_t e, int depth);

static void walk_object(Ref2 *w, const Node *map, const SpecProp *props, uint32_t n,
                        const char *typedef_name, int depth)
{
    if (!node_is_map(map) || node_intrinsic(map, NULL))
        return;
    for (uint32_t i = 0; i < map->len; i++) {
        const char *key = map->u.entries[i].key->u.str;
        const Node *v = map->u.entries[i].value;
        const SpecProp *p = spec_prop(props, n, key);
        if (!p)
            continue;
        uint8_t kind = SPEC_EXPRS[p->type].kind;
        if ((kind == SK_STRING || kind == SK_ANY || kind == SK_UNION) && secret_name(key, typedef_name))
            secret_value(w, key, map->u.entries[i].key, v, 0);
        else
            walk_spec(w, v, p->type, depth + 1);
    }
}

static void walk_spec(Ref2 *w, const Node *v, uint32_t e, int depth)
{
    if (!v || depth > 32)
        return;
    const SpecExpr *x = &SPEC_EXPRS[e];
    Node *arg;
    const char *fn = node_intrinsic(v, &arg);
    if (fn && strcmp(fn, "Fn::If") == 0 && node_is_seq(arg) && arg->len == 3) {
        walk_spec(w, arg->u.items[1], e, depth + 1);
        walk_spec(w, arg->u.items[2], e, depth + 1);
        return;
    }
    switch (x->kind) {
    case SK_OBJECT: {
        const SpecTypeDef *t = &SPEC_TYPEDEFS[x->arg];
        walk_object(w, v, SPEC_PROPS + t->props, t->nprops, SPEC_S(t->name), depth);
        break;
    }
    case SK_ARRAY:
        if (node_is_seq(v))
            for (uint32_t i = 0; i < v->len; i++)
                walk_spec(w, v->u.items[i], x->arg, depth + 1);
        break;
    case SK_MAP:
        if (node_is_map(v) && !fn)
            for (uint32_t i = 0; i < v->len; i++)
                walk_spec(w, v->u.entries[i].value, x->arg, depth + 1);
        break;
    case SK_JSON:
        walk_json(w, v, depth + 1);
        break;
    case SK_UNION:
        for (uint32_t i = 0; i < x->n; i++)
            if (SPEC_EXPRS[SPEC_UNION[x->arg + i]].kind == SK_OBJECT) {
                walk_spec(w, v, SPEC_UNION[x->arg + i], depth + 1);
                break;
            }
        break;
    default:
        break;
    }
}

void check_ref_plaintext_secret(CheckCtx *ctx)
{
    const Model *m = ctx->model;
    Ref2 w = {.ctx = ctx};
    for (size_t i = 0; i < m->nresources; i++) {
        const Resource *r = &m->resources[i];
        const SpecResource *sr = r->props ? spec_resource(r->type) : NULL;
        if (!sr)
            continue;
        w.r = r;
        walk_object(&w, r->props, SPEC_PROPS + sr->props, sr->nprops, NULL, 0);
    }
}

/* --- REF003 ------------------------------------------------------------------- */

/* The name property of a resource type: "<last part of the type>Name"
 * (AWS::S3::Bucket BucketName, AWS::SQS::Queue QueueName), when the
 * specification lists it as an optional property. */
static const SpecProp *name_property(const char *type, char *buf, size_t size)
{
    const SpecResource *sr = spec_resource(type);
    const char *last = strrchr(type, ':');
    if (!sr || !last)
        return NULL;
    snprintf(buf, size, "%sName", last + 1);
    const SpecProp *p = spec_prop(SPEC_PROPS + sr->props, sr->nprops, buf);
    return p && !p->required ? p : NULL;
}

/* Name properties that are not a resource's unique physical name: a stage
 * name is a path segment of the API's URL, a domain name is the DNS name
 * being configured, and Cognito pool names are labels (two pools may share
 * one). The author has to choose these. */
static const char *const NOT_PHYSICAL[] = {"StageName", "DomainName", "UserPoolName",
                                           "IdentityPoolName", NULL};

typedef struct NameScan {
    const Model *m;
    bool derived;
} NameScan;

static void sub_var(void *ud, const char *name, size_t len, size_t start)
{
    NameScan *ns = ud;
    (void)start;
    if (len == 15 && memcmp(name, "AWS::StackName", 14) == 0)
        ns->derived = true;
    char id[256];
    const char *dot = memchr(name, '.', len);
    size_t n = dot ? (size_t)(dot - name) : len;
    if (n < sizeof id) {
        memcpy(id, name, n);
        id[n] = 0;
        if (strcmp(id, "AWS::StackName") == 0 || model_resource(ns->m, id))
            ns->derived = true;
    }
}

static bool no_value(const Node *v)
{
    Node *arg;
    const char *fn = node_intrinsic(v, &arg);
    return fn && strcmp(fn, "Ref") == 0 && node_str_eq(arg, "AWS::NoValue");
}

/* A name built from the stack's name, or from the generated name of
 * another resource of the template (a Lambda function's log group,
 * /aws/lambda/${Function}), is unique per stack: decided, accepted (see
 * rules/REF003.md). */
static bool derived_name(const Model *m, const Node *v, int depth)
{
    Node *arg;
    const char *fn = node_intrinsic(v, &arg);
    if (!fn || depth > 8)
        return false;
    if (strcmp(fn, "Ref") == 0)
        return node_str_eq(arg, "AWS::StackName") || model_resource(m, node_str(arg) ? node_str(arg) : "");
    if (strcmp(fn, "Fn::GetAtt") == 0)
        return true;
    if (strcmp(fn, "Fn::Sub") == 0) {
        const Node *t = node_is_seq(arg) && arg->len ? arg->u.items[0] : arg;
        NameScan ns = {m, false};
        if (node_str(t))
            model_sub_vars(node_str(t), t->len, sub_var, &ns);
        if (!ns.derived && node_is_seq(arg) && arg->len == 2 && node_is_map(arg->u.items[1]))
            for (uint32_t i = 0; i < arg->u.items[1]->len; i++)
                if (derived_name(m, arg->u.items[1]->u.entries[i].value, depth + 1))
                    return true;
        return ns.derived;
    }
    if (strcmp(fn, "Fn::If") == 0 && node_is_seq(arg) && arg->len == 3)
        return (derived_name(m, arg->u.items[1], depth + 1) || no_value(arg->u.items[1])) &&
               (derived_name(m, arg->u.items[2], depth + 1) || no_value(arg->u.items[2]));
    if (strcmp(fn, "Fn::Join") == 0 && node_is_seq(arg) && arg->len == 2 && node_is_seq(arg->u.items[1]))
        for (uint32_t i = 0; i < arg->u.items[1]->len; i++)
            if (derived_name(m, arg->u.items[1]->u.items[i], depth + 1))
                return true;
    return false;
}

void check_ref_explicit_physical_name(CheckCtx *ctx)
{
    const Model *m = ctx->model;
    for (size_t i = 0; i < m->nresources; i++) {
        const Resource *r = &m->resources[i];
        char name[128];
        /* the Framework names what it generates itself, per stage */
        if (r->synthetic || !r->props || !name_property(r->type, name, sizeof name))
            continue;
        bool chosen = false;
        for (const char *const *k = NOT_PHYSICAL; *k && !chosen; k++)
            chosen = strcmp(name, *k) == 0;
        MapEntry *e = node_get_entry(r->props, name);
        if (chosen || !e || derived_name(m, e->value, 0))
            continue;
        Node *arg;
        const char *fn = node_intrinsic(e->value, &arg);
        /* AWS::NoValue lets CloudFormation name it */
        if (fn && strcmp(fn, "Ref") == 0 && node_str_eq(arg, "AWS::NoValue"))
            continue;
        report(ctx, e->key, r,
               "'%s' sets %s, so CloudFormation cannot replace it on an update that needs a new "
               "resource and a second stack (another stage or region) collides with it; remove "
               "%s and pass the generated name on with !Ref %s (or build it from "
               "${AWS::StackName})",
               r->id, name, name, r->id);
    }
}
