/*
 * model.h — the template model rules read.
 *
 * model_build() turns a document tree into: what kind of file it is; the
 * resources (logical id, type, properties, metadata, condition, each with
 * its nodes and so its positions); parameters, conditions, mappings,
 * outputs; the reference graph (Ref, Fn::GetAtt in both forms, ${X} and
 * ${X.Attr} inside Fn::Sub); and every IAM policy in the file as one
 * normalised statement list.
 *
 * The model points into the document tree; both live in the same arena.
 */
#ifndef STACKLINT_MODEL_H
#define STACKLINT_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "node.h"

typedef enum DocKind {
    KIND_UNKNOWN = 0,       /* not ours: skipped silently */
    KIND_CFN,               /* CloudFormation template (SAM when has_sam) */
    KIND_IAM_POLICY,        /* standalone IAM policy document */
    KIND_SERVERLESS,        /* Serverless Framework (normalised by parser/serverless.c) */
} DocKind;

typedef struct Resource {
    const char *id;         /* logical id */
    Node *id_node;          /* the key in Resources */
    Node *node;             /* the resource's map */
    const char *type;       /* "" when missing or not a string */
    Node *type_node;
    Node *props;            /* Properties map or NULL */
    Node *metadata;
    Node *depends_on;
    const char *condition;
    uint32_t index;         /* position in Model.resources */
    bool synthetic;         /* made from serverless.yml / SAM, not written as CloudFormation:
                               only the properties stacklint derives are present */
} Resource;

typedef enum RefKind {
    REF_REF = 1,            /* {Ref: X} */
    REF_GETATT,             /* {Fn::GetAtt: [X, A]} or "X.A" */
    REF_SUB,                /* ${X} or ${X.A} inside Fn::Sub */
    REF_DEPENDS_ON,         /* DependsOn: X */
} RefKind;

typedef struct Reference {
    RefKind kind;
    const char *target;     /* logical id or parameter name as written */
    const char *attr;       /* attribute for GETATT / SUB with a dot, else NULL */
    const Node *at;         /* the node carrying the reference (the intrinsic map or Sub string) */
    const Resource *from;   /* the resource whose definition contains it, or NULL */
    const Resource *to;     /* the resource it names, or NULL (parameter, pseudo, unknown) */
} Reference;

/* --- IAM ---------------------------------------------------------------- */

typedef enum PolicyKind {
    POLICY_IDENTITY = 1,    /* attached to a principal: roles, users, groups, managed policies */
    POLICY_RESOURCE,        /* bucket, queue, topic, key, repository, secret, REST API policies */
    POLICY_TRUST,           /* a role's AssumeRolePolicyDocument: who may assume it */
} PolicyKind;

typedef enum Effect {
    EFFECT_UNKNOWN = 0,
    EFFECT_ALLOW,
    EFFECT_DENY,
} Effect;

/* One value of Action, Resource or a principal list, with its node. Values
 * under Fn::If contribute both branches. */
typedef struct IamValue {
    const Node *node;
    const char *str;        /* the scalar text, or NULL for an intrinsic */
} IamValue;

typedef struct IamList {
    IamValue *items;
    size_t len;
    bool negated;           /* NotAction / NotResource / NotPrincipal */
    const Node *key;        /* the key node (Action, NotAction, ...) or NULL when absent */
} IamList;

typedef struct IamPrincipal {
    const char *type;       /* "*" (bare wildcard), "AWS", "Service", "Federated", "CanonicalUser" */
    const Node *node;       /* the value node */
    const char *str;        /* scalar text or NULL */
} IamPrincipal;

typedef struct Statement {
    const Node *node;       /* the statement map */
    const char *sid;
    Effect effect;
    const Node *effect_node;
    IamList action, resource;
    IamPrincipal *principals;
    size_t nprincipals;
    bool has_principal, not_principal;
    const Node *principal_key;
    const Node *condition;  /* Condition map or NULL */
    struct PolicyDoc *doc;
} Statement;

typedef struct PolicyDoc {
    PolicyKind kind;
    const Resource *owner;  /* the resource defining it, or NULL for a standalone file */
    const Node *node;       /* the PolicyDocument map */
    const char *name;       /* PolicyName where given */
    Statement *stmts;
    size_t nstmts;
    void *check_cache;      /* NULL after model_build; facts the checks compute once per document */
} PolicyDoc;

/* --- triggers -------------------------------------------------------------- */

/* What invokes a function: a Serverless Framework event (`sqs`, `http`, ...)
 * or a SAM event (`SQS`, `Api`, ...). */
typedef struct Trigger {
    const char *event;      /* the event type as written */
    const char *function;   /* logical id of the function resource */
    const Node *node;       /* where the event is written (its key) */
    const Node *source;     /* queue / stream ARN, bucket, topic, path, ...; may be NULL */
    const Node *auth;       /* authorizer / private / Auth where given, else NULL */
    const Node *props;      /* the event's settings: a serverless event's value, a SAM
                               event's Properties; may be NULL or a scalar */
} Trigger;

/* --- the model ------------------------------------------------------------ */

/* Slots of Model.check_cache: what a check computes once per file so that
 * the rules asking the same question do not each walk the template. */
typedef enum CheckCache {
    CHECK_CACHE_IAM_EXPANSIONS,     /* checks/iam_policy.c: each IAM action pattern's actions */
    CHECK_CACHE_TPL_USES,           /* checks/tpl_logic.c: uses of parameters, conditions, mappings */
    CHECK_CACHE_TPL_PREPROCESSED,   /* checks/tpl_common.c: tpl_preprocessed() */
    CHECK_CACHE_SQS_DLQ,            /* checks/sqs_common.c: sqs_dead_letter_queues() */
    CHECK_CACHE_SQS_INDEX,          /* checks/sqs_common.c: sqs_index_build() */
    CHECK_CACHE_SLOTS
} CheckCache;

typedef struct Model {
    DocKind kind;
    bool has_sam;                   /* Transform names AWS::Serverless or a resource is AWS::Serverless::* */
    bool has_rain;                  /* the text has rain directives (Rain::Module, Rain::Embed, ...) */
    const Document *doc;
    Node *root;
    Node *resources_node, *parameters, *conditions, *mappings, *outputs;
    Resource *resources;
    size_t nresources;
    Reference *refs;
    size_t nrefs;
    PolicyDoc *policies;
    size_t npolicies;
    /* hash index of resources by logical id */
    uint32_t *res_index;
    uint32_t res_index_mask;
    /* index of resources by type, for model_resources_of_type() */
    struct TypeGroup *type_groups;      /* open addressing; type NULL: empty */
    uint32_t type_groups_mask;
    const Resource **by_type;           /* the resources grouped by type, each group in model order */
    /* Serverless Framework and SAM (parser/normalize.h) */
    const char *path;               /* the file's path, for ${file(...)}; may be NULL */
    bool sam_transform;             /* Transform names AWS::Serverless-2016-10-31 */
    Trigger *triggers;
    size_t ntriggers;
    const Node **var_cycles;        /* serverless variables that refer back to themselves */
    size_t nvar_cycles;
    /* limits hit while resolving serverless variables (ParseLimits.max_var_depth,
     * a limit inside a ${file()} include): LIMIT001 findings, in the order met */
    ParseIssue *var_limits;
    /* NULL after model_build; facts the checks compute once per file and
     * share between rules, one slot per kind (CheckCache). */
    void *check_cache[CHECK_CACHE_SLOTS];
} Model;

/* Classifies a document by content (see DESIGN.md); KIND_UNKNOWN when it is
 * not a template, policy or serverless file. Works on partial trees. */
DocKind model_classify(const Node *root);

/* Builds the model of a classified document. */
void model_build(Arena *a, const Document *doc, DocKind kind, Model *m);
/* The same for a document read from `path` (NULL when unknown), which
 * serverless files need to read the files their ${file(...)} variables name. */
void model_build_at(Arena *a, const Document *doc, DocKind kind, const char *path, Model *m);

const Resource *model_resource(const Model *m, const char *id);

/* The resources of one type ("AWS::SQS::Queue"), in the order of
 * Model.resources (synthetic ones from SAM / serverless.yml included);
 * *n is set to how many, and NULL is returned when there are none. The
 * index is built with the model, so a rule about a few types costs time in
 * the number of their resources, not in the size of the template:
 *
 *     size_t n;
 *     const Resource *const *qs = model_resources_of_type(m, "AWS::SQS::Queue", &n);
 *     for (size_t i = 0; i < n; i++) ... qs[i] ...
 */
const Resource *const *model_resources_of_type(const Model *m, const char *type, size_t *n);
static inline bool resource_is(const Resource *r, const char *type)   /* inline: rules ask per resource */
{
    return r && strcmp(r->type, type) == 0;
}

/* If n is {Ref: X}, {Fn::GetAtt: X.A | [X, A]} or a Fn::Sub whose whole
 * text is "${X}" / "${X.A}", sets *target (and *attr, NULL for a plain
 * Ref) and returns the kind; otherwise 0. */
RefKind model_ref_of(const Node *n, const char **target, const char **attr, Arena *a);

/* The key by which two values name the same thing in one stack: a scalar's
 * text, or "sub:" + the template of a Fn::Sub (the same template evaluates
 * to the same string); NULL for anything else. */
const char *model_value_key(Arena *a, const Node *v);

/* Calls fn for every ${X} / ${X.A} placeholder in a Fn::Sub template string
 * (skipping ${!Literal}). start/end are byte offsets of the name in the string. */
typedef void (*SubVarFn)(void *ud, const char *name, size_t len, size_t start);
void model_sub_vars(const char *s, size_t len, SubVarFn fn, void *ud);

#endif
