/*
 * test_spec.c — the compiled-in CloudFormation specification (checks/spec.h):
 * lookups, attributes, "did you mean" suggestions, and the YAML reader's
 * record of anchors that TPL012 reports.
 */
#include <stdlib.h>

#include "../../checks/spec.h"
#include "../../parser/node.h"
#include "unit.h"

static void test_lookups(void)
{
    TEST("spec: resource types are found, unknown ones are not") {
        const SpecResource *q = spec_resource("AWS::SQS::Queue");
        CHECK(q != NULL, "AWS::SQS::Queue missing");
        CHECK(spec_resource("AWS::SQS::Queu") == NULL, "a typo was found");
        CHECK(spec_resource("AWS::Serverless::Function") != NULL, "SAM function missing");
        CHECK(spec_resource("") == NULL, "empty name found");
    }
    TEST("spec: properties carry their type and required flag") {
        const SpecResource *f = spec_resource("AWS::Lambda::Function");
        const SpecProp *code = spec_prop(SPEC_PROPS + f->props, f->nprops, "Code");
        const SpecProp *timeout = spec_prop(SPEC_PROPS + f->props, f->nprops, "Timeout");
        CHECK(code && code->required, "Code should be required");
        CHECK(timeout && !timeout->required, "Timeout should be optional");
        CHECK_EQ_INT(SPEC_EXPRS[timeout->type].kind, SK_INTEGER);
        CHECK_EQ_INT(SPEC_EXPRS[code->type].kind, SK_OBJECT);
        CHECK(spec_prop(SPEC_PROPS + f->props, f->nprops, "Timout") == NULL, "typo found");
    }
    TEST("spec: attributes, dotted ones included") {
        CHECK(spec_has_attr(spec_resource("AWS::SQS::Queue"), "Arn"), "Queue.Arn");
        CHECK(!spec_has_attr(spec_resource("AWS::SQS::Queue"), "QueueArn"), "Queue.QueueArn");
        CHECK(spec_has_attr(spec_resource("AWS::RDS::DBInstance"), "Endpoint.Address"),
              "DBInstance.Endpoint.Address");
    }
    TEST("spec: the table is sorted, so binary search finds every type") {
        for (uint32_t i = 0; i < SPEC_NRESOURCES; i++)
            if (spec_resource(SPEC_S(SPEC_RESOURCES[i].name)) != &SPEC_RESOURCES[i]) {
                CHECK(0, "%s not found by search", SPEC_S(SPEC_RESOURCES[i].name));
                break;
            }
    }
}

static void test_suggestions(void)
{
    TEST("spec: did-you-mean finds typos, case slips and swapped letters") {
        const SpecResource *q = spec_resource("AWS::SQS::Queue");
        const SpecProp *p = SPEC_PROPS + q->props;
        CHECK_EQ_STR(spec_suggest("VisibilityTimout", p, q->nprops, sizeof *p, spec_prop_name),
                     "VisibilityTimeout");
        CHECK_EQ_STR(spec_suggest("queuename", p, q->nprops, sizeof *p, spec_prop_name),
                     "QueueName");
        CHECK_EQ_STR(spec_suggest("AWS::SQS::Qeueu", SPEC_RESOURCES, SPEC_NRESOURCES,
                                  sizeof *SPEC_RESOURCES, spec_resource_name),
                     "AWS::SQS::Queue");
    }
    TEST("spec: nothing is suggested for a name far from all") {
        const SpecResource *q = spec_resource("AWS::SQS::Queue");
        CHECK(spec_suggest("Completely", SPEC_PROPS + q->props, q->nprops, sizeof *SPEC_PROPS,
                           spec_prop_name) == NULL, "suggested something");
    }
}

static void test_anchor_record(void)
{
    Arena a;
    arena_init(&a);
    TEST("yaml: the first anchor is recorded with its span") {
        const char *text = "Resources:\n  A:\n    Properties: &p\n      X: 1\n  B:\n    Properties: *p\n";
        Document d;
        yaml_read(&a, text, strlen(text), &PARSE_LIMITS_DEFAULT, &d);
        CHECK(d.yaml_anchor.end > d.yaml_anchor.start, "no anchor recorded");
        CHECK(strncmp(text + d.yaml_anchor.start, "&p", 2) == 0, "span at \"%.5s\"",
              text + d.yaml_anchor.start);
    }
    TEST("yaml: no anchor, nothing recorded") {
        const char *text = "Resources:\n  A:\n    Type: AWS::SNS::Topic\n";
        Document d;
        yaml_read(&a, text, strlen(text), &PARSE_LIMITS_DEFAULT, &d);
        CHECK_EQ_INT(d.yaml_anchor.end, 0);
    }
    arena_free(&a);
}

int main(void)
{
    test_lookups();
    test_suggestions();
    test_anchor_record();
    return unit_done();
}
