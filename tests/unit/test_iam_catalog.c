/*
 * test_iam_catalog.c — the compiled-in IAM action catalog: exact lookups,
 * case-insensitive wildcard expansion, NotAction complements, suggestions
 * for typos, the risk sets, and what a lookup costs.
 */
#include <stdlib.h>
#include <time.h>

#include "../../checks/iam_catalog.h"
#include "unit.h"

static size_t count_of(const char *pattern)
{
    size_t n = 0;
    iam_expand(pattern, NULL, &n);
    return n;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void)
{
    char buf[160];
    TEST("catalog: exact actions are found whatever their case") {
        uint32_t a = iam_action_find("DYNAMODB:getitem");
        CHECK(a != IAM_NO_ACTION, "dynamodb:GetItem not found");
        if (a != IAM_NO_ACTION) {
            CHECK_EQ_STR(iam_action_name(a, buf, sizeof buf), "dynamodb:GetItem");
            CHECK_EQ_INT(IAM_ACTIONS[a].access, IAM_ACCESS_READ);
        }
        CHECK(iam_action_find("dynamodb:GetItems") == IAM_NO_ACTION, "GetItems exists?");
        CHECK(iam_action_find("iam:PassRole") != IAM_NO_ACTION, "iam:PassRole");
        CHECK(iam_service_find("lambda", 6) >= 0, "lambda");
        CHECK(iam_service_find("lamda", 5) < 0, "lamda");
        CHECK(IAM_NACTIONS > 10000, "only %u actions", IAM_NACTIONS);
    }
    TEST("catalog: access levels and resource ARN patterns") {
        uint32_t put = iam_action_find("s3:PutObject");
        uint32_t list = iam_action_find("s3:ListAllMyBuckets");
        uint32_t attach = iam_action_find("iam:AttachRolePolicy");
        CHECK(put != IAM_NO_ACTION && list != IAM_NO_ACTION && attach != IAM_NO_ACTION, "lookups");
        if (put != IAM_NO_ACTION && list != IAM_NO_ACTION && attach != IAM_NO_ACTION) {
            CHECK_EQ_INT(IAM_ACTIONS[put].access, IAM_ACCESS_WRITE);
            CHECK(IAM_ACTIONS[put].scoped, "PutObject is scoped");
            CHECK(strstr(IAM_STR + IAM_ACTIONS[put].arn, ":s3:::") != NULL, "arn %s",
                  IAM_STR + IAM_ACTIONS[put].arn);
            CHECK(!IAM_ACTIONS[list].scoped, "ListAllMyBuckets is not scoped");
            CHECK_EQ_INT(IAM_ACTIONS[attach].access, IAM_ACCESS_PERMISSIONS);
        }
    }
    TEST("catalog: glob is case-insensitive with * and ?") {
        CHECK(iam_glob("get*", 4, "GetObject", 9), "get*");
        CHECK(iam_glob("*object", 7, "GetObject", 9), "*object");
        CHECK(iam_glob("G?tObj*t", 8, "GetObject", 9), "G?tObj*t");
        CHECK(!iam_glob("Get?", 4, "GetObject", 9), "Get?");
        CHECK(iam_glob("*", 1, "", 0), "* on empty");
        CHECK(!iam_glob("a*b*c", 5, "aXbXd", 5), "a*b*c");
    }
    TEST("catalog: wildcards expand to the matching actions") {
        size_t all = count_of("*");
        CHECK_EQ_INT(all, IAM_NACTIONS);
        CHECK_EQ_INT(count_of("*:*"), IAM_NACTIONS);
        size_t get = count_of("s3:Get*");
        CHECK(get > 20 && get < 200, "s3:Get* = %zu", get);
        CHECK_EQ_INT(count_of("S3:GET*"), get);
        CHECK(count_of("s3:*Object") > 3, "s3:*Object");
        CHECK(count_of("ec2:Describe*") > 100, "ec2:Describe*");
        CHECK_EQ_INT(iam_expand("s3:Frobnicate*", NULL, NULL), IAM_EXPAND_NOTHING);
        CHECK_EQ_INT(iam_expand("lamda:InvokeFunction", NULL, NULL), IAM_EXPAND_UNKNOWN_SERVICE);
        CHECK_EQ_INT(iam_expand("s3:GetObjects", NULL, NULL), IAM_EXPAND_UNKNOWN_ACTION);
        CHECK_EQ_INT(iam_expand("s3", NULL, NULL), IAM_EXPAND_BAD_FORM);
        CHECK_EQ_INT(iam_expand("dynamo*:GetItem", NULL, NULL), IAM_EXPAND_OK);
    }
    TEST("catalog: NotAction is the complement") {
        size_t w = iam_set_words();
        uint64_t *set = calloc(w, 8);
        iam_expand("iam:*", set, NULL);
        CHECK(!iam_set_full(set), "iam:* is not everything");
        iam_set_invert(set);
        CHECK(!iam_set_has(set, iam_action_find("iam:PassRole")), "PassRole excluded");
        CHECK(iam_set_has(set, iam_action_find("s3:GetObject")), "s3:GetObject included");
        iam_expand("iam:*", set, NULL);
        CHECK(iam_set_full(set), "set ∪ iam:* is everything");
        free(set);
    }
    TEST("catalog: suggestions for typos") {
        CHECK_EQ_STR(iam_suggest("dynamodb:GetItems", buf, sizeof buf), "dynamodb:GetItem");
        CHECK_EQ_STR(iam_suggest("s3:GetObjects", buf, sizeof buf), "s3:GetObject");
        CHECK_EQ_STR(iam_suggest("lamda:InvokeFunction", buf, sizeof buf), "lambda:InvokeFunction");
        CHECK(iam_suggest("s3:Zzzzzzzzzzzzzz", buf, sizeof buf) == NULL, "no suggestion");
    }
    TEST("catalog: risk sets are loaded") {
        CHECK(IAM_NESCALATIONS > 10, "%u escalation methods", IAM_NESCALATIONS);
        CHECK(IAM_NCRED > 10, "%u credential actions", IAM_NCRED);
        int found = 0;
        for (uint32_t i = 0; i < IAM_NESCALATIONS; i++)
            if (strcmp(IAM_STR + IAM_ESCALATIONS[i].name, "CreateAccessKey") == 0)
                found = 1;
        CHECK(found, "CreateAccessKey method");
    }
    TEST("catalog: lookups are fast") {
        const char *names[] = {"dynamodb:GetItem", "s3:PutObject", "iam:PassRole", "ec2:RunInstances"};
        double t0 = now();
        uint32_t sink = 0;
        for (int i = 0; i < 200000; i++)
            sink += iam_action_find(names[i & 3]);
        double exact = (now() - t0) / 200000 * 1e9;
        t0 = now();
        for (int i = 0; i < 2000; i++)
            sink += (uint32_t)count_of("ec2:Describe*");
        double wild = (now() - t0) / 2000 * 1e9;
        printf("# exact lookup %.0f ns, ec2:Describe* expansion %.0f ns (%u)\n", exact, wild, sink & 1);
        CHECK(exact < 20000, "exact lookup took %.0f ns", exact);
    }
    return unit_done();
}
