/*
 * test_yaml.c — the YAML reader: positions, short-form tags, aliases,
 * limits and syntax errors, as the rest of stacklint sees them.
 */
#include <stdlib.h>

#include "../../parser/model.h"
#include "../../base/source.h"
#include "unit.h"

static Arena A;

static Document read_yaml(const char *text)
{
    Document d;
    yaml_read(&A, text, strlen(text), &PARSE_LIMITS_DEFAULT, &d);
    return d;
}

/* line:col (code points) of a node's start, as "L:C" */
static const char *pos(const Document *d, uint32_t off)
{
    LineTable lt;
    linetable_build(&A, &lt, d->text, d->size);
    LineCol lc = linetable_pos(&lt, off, COL_CODEPOINTS);
    return arena_printf(&A, "%u:%u", lc.line, lc.col);
}

static const char *text_of(const Document *d, const Node *n)
{
    return arena_strndup(&A, d->text + n->span.start, n->span.end - n->span.start);
}

static void test_positions(void)
{
    TEST("yaml: keys and values carry their line and column") {
        Document d = read_yaml("AWSTemplateFormatVersion: '2010-09-09'\n"
                               "Resources:\n"
                               "  Queue:\n"
                               "    Type: AWS::SQS::Queue\n"
                               "    Properties: {VisibilityTimeout: 60}\n");
        CHECK(d.issues == NULL, "unexpected issue: %s", d.issues ? d.issues->message : "");
        MapEntry *res = node_get_entry(d.root, "Resources");
        CHECK(res != NULL, "no Resources");
        if (!res)
            break;
        CHECK_EQ_STR(pos(&d, res->key->span.start), "2:1");
        MapEntry *q = node_get_entry(res->value, "Queue");
        CHECK_EQ_STR(pos(&d, q->key->span.start), "3:3");
        CHECK_EQ_STR(text_of(&d, q->key), "Queue");
        Node *type = node_get(q->value, "Type");
        CHECK_EQ_STR(pos(&d, type->span.start), "4:11");
        CHECK_EQ_STR(text_of(&d, type), "AWS::SQS::Queue");
        Node *vt = node_get(node_get(q->value, "Properties"), "VisibilityTimeout");
        CHECK_EQ_STR(pos(&d, vt->span.start), "5:37");
        CHECK_EQ_INT(vt->style, SCALAR_PLAIN);
        Node *ver = node_get(d.root, "AWSTemplateFormatVersion");
        CHECK_EQ_INT(ver->style, SCALAR_QUOTED);
        CHECK_EQ_STR(text_of(&d, ver), "'2010-09-09'");
    }
    TEST("yaml: columns count characters, not bytes, after multi-byte text") {
        Document d = read_yaml("D: \"caf\xc3\xa9 \xf0\x9f\x98\x80\"\nK: v\nE: [\xc3\xa9, x]\n");
        Node *k = node_get(d.root, "K");
        CHECK_EQ_STR(pos(&d, k->span.start), "2:4");
        Node *e = node_get(d.root, "E");
        CHECK(node_is_seq(e) && e->len == 2, "E is not a 2-list");
        if (node_is_seq(e) && e->len == 2) {
            CHECK_EQ_STR(pos(&d, e->u.items[1]->span.start), "3:8");
            CHECK_EQ_STR(text_of(&d, e->u.items[1]), "x");
        }
        LineTable lt;
        linetable_build(&A, &lt, d.text, d.size);
        /* the emoji is two UTF-16 code units: column 2:4 is after "D: \"café 😀\"" ... */
        LineCol end16 = linetable_pos(&lt, node_get(d.root, "D")->span.end, COL_UTF16);
        LineCol endcp = linetable_pos(&lt, node_get(d.root, "D")->span.end, COL_CODEPOINTS);
        CHECK_EQ_INT(endcp.col, 12);
        CHECK_EQ_INT(end16.col, 13);
    }
    TEST("yaml: a byte order mark and CRLF line ends keep positions right") {
        Document d = read_yaml("\xEF\xBB\xBF" "A: 1\r\nB: 2\r\n");
        Node *b = node_get(d.root, "B");
        CHECK(b != NULL, "no B");
        if (b)
            CHECK_EQ_STR(pos(&d, b->span.start), "2:4");
    }
}

static void check_tag(const char *yaml, const char *fn, const char *arg_text)
{
    Document d = read_yaml(yaml);
    Node *v = node_get(d.root, "V");
    Node *arg = NULL;
    const char *name = node_intrinsic(v, &arg);
    CHECK(name && strcmp(name, fn) == 0, "%s: got %s", yaml, name ? name : "(none)");
    CHECK(v && (v->flags & NODE_FROM_TAG), "%s: not marked as from a tag", yaml);
    if (arg && arg_text)
        CHECK_EQ_STR(text_of(&d, arg), arg_text);
    if (v)
        CHECK_EQ_STR(pos(&d, v->span.start), "1:4");
}

static void test_tags(void)
{
    TEST("yaml: every short-form tag means its Fn:: long form") {
        check_tag("V: !Ref Queue\n", "Ref", "Queue");
        check_tag("V: !GetAtt Queue.Arn\n", "Fn::GetAtt", "Queue.Arn");
        check_tag("V: !Sub '${AWS::StackName}-q'\n", "Fn::Sub", "'${AWS::StackName}-q'");
        check_tag("V: !Join ['', [a, b]]\n", "Fn::Join", "['', [a, b]]");
        check_tag("V: !If [C, a, b]\n", "Fn::If", "[C, a, b]");
        check_tag("V: !Select [0, !GetAZs '']\n", "Fn::Select", "[0, !GetAZs '']");
        check_tag("V: !Split [',', 'a,b']\n", "Fn::Split", "[',', 'a,b']");
        check_tag("V: !FindInMap [M, K, V]\n", "Fn::FindInMap", "[M, K, V]");
        check_tag("V: !ImportValue Exported\n", "Fn::ImportValue", "Exported");
        check_tag("V: !Base64 text\n", "Fn::Base64", "text");
        check_tag("V: !Cidr [10.0.0.0/16, 4, 8]\n", "Fn::Cidr", "[10.0.0.0/16, 4, 8]");
        check_tag("V: !GetAZs ''\n", "Fn::GetAZs", "''");
        check_tag("V: !Equals [a, b]\n", "Fn::Equals", "[a, b]");
        check_tag("V: !And [!Condition A, !Condition B]\n", "Fn::And", NULL);
        check_tag("V: !Or [!Condition A, !Condition B]\n", "Fn::Or", NULL);
        check_tag("V: !Not [!Condition A]\n", "Fn::Not", "[!Condition A]");
        check_tag("V: !Condition IsProd\n", "Condition", "IsProd");
    }
    TEST("yaml: a tag on a block sequence wraps the whole sequence") {
        Document d = read_yaml("V: !Join\n  - ''\n  - - a\n    - !Ref B\n");
        Node *arg;
        const char *fn = node_intrinsic(node_get(d.root, "V"), &arg);
        CHECK(fn && strcmp(fn, "Fn::Join") == 0, "not Fn::Join");
        CHECK(node_is_seq(arg) && arg->len == 2, "argument is not a 2-list");
        if (node_is_seq(arg) && arg->len == 2) {
            Node *inner = arg->u.items[1]->u.items[1];
            const char *t, *at;
            CHECK_EQ_INT(model_ref_of(inner, &t, &at, &A), REF_REF);
            CHECK_EQ_STR(pos(&d, inner->span.start), "4:7");
        }
    }
    TEST("yaml: other tags are kept, not turned into functions") {
        Document d = read_yaml("V: !!str 123\nW: !Custom x\n");
        CHECK(node_intrinsic(node_get(d.root, "V"), NULL) == NULL, "!!str became a function");
        CHECK_EQ_STR(node_tag(&d, node_get(d.root, "W")), "!Custom");
        CHECK(node_has_tag(node_get(d.root, "V")) && !node_has_tag(d.root), "tags not marked");
        CHECK(node_tag(&d, d.root) == NULL, "an untagged node has a tag");
    }
}

static void test_aliases_and_limits(void)
{
    TEST("yaml: an alias shares its anchor's node") {
        Document d = read_yaml("A: &x {k: v}\nB: *x\n");
        CHECK(node_get(d.root, "A") == node_get(d.root, "B"), "alias is not the anchored node");
        CHECK(d.issues == NULL, "unexpected issue");
    }
    TEST("yaml: an alias cycle is a limit issue, not a hang") {
        Document d = read_yaml("a: &x [1, *x]\n");
        CHECK(d.issues && d.issues->kind == ISSUE_LIMIT, "no limit issue");
        CHECK(d.partial, "tree not marked partial");
        if (d.issues)
            CHECK_EQ_STR(pos(&d, d.issues->span.start), "1:11");
    }
    TEST("yaml: a billion-laughs document stops at the node budget") {
        char buf[2048] = "a: &a [x,x,x,x,x,x,x,x,x,x]\n";
        const char *names = "abcdefghij";
        for (int i = 1; i < 10; i++) {
            char line[128];
            snprintf(line, sizeof line, "%c: &%c [*%c,*%c,*%c,*%c,*%c,*%c,*%c,*%c,*%c,*%c]\n",
                     names[i], names[i], names[i - 1], names[i - 1], names[i - 1], names[i - 1],
                     names[i - 1], names[i - 1], names[i - 1], names[i - 1], names[i - 1], names[i - 1]);
            strcat(buf, line);
        }
        Document d = read_yaml(buf);
        CHECK(d.issues && d.issues->kind == ISSUE_LIMIT, "no limit issue");
        CHECK(d.node_count <= PARSE_LIMITS_DEFAULT.max_nodes + 1000000, "budget overrun: %llu",
              (unsigned long long)d.node_count);
    }
    TEST("yaml: nesting beyond the depth limit stops reading at once") {
        size_t n = 100000;
        char *s = malloc(2 * n + 8);
        if (!s)
            break;
        memcpy(s, "a: ", 3);
        memset(s + 3, '[', n);
        memset(s + 3 + n, ']', n);
        s[3 + 2 * n] = '\0';
        Document d;
        yaml_read(&A, s, strlen(s), &PARSE_LIMITS_DEFAULT, &d);
        CHECK(d.issues && d.issues->kind == ISSUE_LIMIT, "no limit issue");
        if (d.issues)
            CHECK_EQ_INT(d.issues->span.start, 3 + PARSE_LIMITS_DEFAULT.max_depth - 1);
        free(s);
    }
}

static void test_errors(void)
{
    TEST("yaml: a syntax error is reported at libyaml's problem mark") {
        Document d = read_yaml("Resources:\n  A:\n    Type: x\n   B: y\n");
        CHECK(d.issues && d.issues->kind == ISSUE_SYNTAX, "no syntax issue");
        CHECK(d.partial, "tree not marked partial");
        if (d.issues) {
            CHECK_EQ_STR(pos(&d, d.issues->span.start), "4:4");
            CHECK(strstr(d.issues->message, "YAML syntax error") != NULL, "message: %s", d.issues->message);
        }
        CHECK(node_get(d.root, "Resources") != NULL, "partial tree lost what was read");
    }
    TEST("yaml: a duplicate key is reported at its second occurrence") {
        Document d = read_yaml("A: 1\nB: 2\nA: 3\n");
        CHECK(d.issues && d.issues->kind == ISSUE_SYNTAX, "no issue");
        if (d.issues) {
            CHECK_EQ_STR(pos(&d, d.issues->span.start), "3:1");
            CHECK(strstr(d.issues->message, "'A'") != NULL, "message: %s", d.issues->message);
        }
        CHECK(!d.partial, "a duplicate key does not make the tree partial");
    }
    TEST("yaml: duplicate keys in a large map are all found") {
        char buf[8192] = "";
        for (int i = 0; i < 40; i++) {
            char line[32];
            snprintf(line, sizeof line, "K%d: %d\n", i % 30, i);
            strcat(buf, line);
        }
        Document d = read_yaml(buf);
        int n = 0;
        for (ParseIssue *is = d.issues; is; is = is->next)
            n++;
        CHECK_EQ_INT(n, 10);
        if (d.issues)
            CHECK_EQ_STR(pos(&d, d.issues->span.start), "31:1");
    }
    TEST("yaml: invalid UTF-8 and NUL bytes are syntax issues with a position") {
        Document d = read_yaml("A: ok\nB: \xff\xfe\n");
        CHECK(d.issues && d.issues->kind == ISSUE_SYNTAX, "no issue for invalid UTF-8");
        if (d.issues)
            CHECK_EQ_STR(pos(&d, d.issues->span.start), "2:4");
        const char nul[] = "A: ok\nB: x\0y\n";
        Document d2;
        yaml_read(&A, nul, sizeof nul - 1, &PARSE_LIMITS_DEFAULT, &d2);
        CHECK(d2.issues && d2.issues->kind == ISSUE_SYNTAX, "no issue for NUL");
    }
}

static void test_model(void)
{
    TEST("model: references from Ref, GetAtt (both forms) and Sub") {
        Document d = read_yaml(
            "AWSTemplateFormatVersion: '2010-09-09'\n"
            "Resources:\n"
            "  Q:\n    Type: AWS::SQS::Queue\n"
            "  A:\n    Type: AWS::CloudWatch::Alarm\n    Properties:\n"
            "      X: !Ref Q\n"
            "      Y: !GetAtt Q.QueueName\n"
            "      Z: {'Fn::GetAtt': [Q, Arn]}\n"
            "      W: !Sub 'arn:${AWS::Partition}:${Q.Arn}/${!Literal}'\n"
            "      V: !Sub ['${Local}-${Q}', {Local: x}]\n"
            "    DependsOn: Q\n");
        Model m;
        model_build(&A, &d, model_classify(d.root), &m);
        CHECK_EQ_INT(m.kind, KIND_CFN);
        CHECK_EQ_INT(m.nresources, 2);
        /* Ref Q, GetAtt Q.QueueName, GetAtt Q.Arn, Sub AWS::Partition, Sub Q.Arn, Sub Q, DependsOn Q */
        CHECK_EQ_INT(m.nrefs, 7);
        int to_q = 0;
        for (size_t i = 0; i < m.nrefs; i++)
            to_q += m.refs[i].to && strcmp(m.refs[i].to->id, "Q") == 0;
        CHECK_EQ_INT(to_q, 6);
    }
    TEST("model: IAM statements from roles, single-statement and string forms") {
        Document d = read_yaml(
            "Resources:\n"
            "  R:\n    Type: AWS::IAM::Role\n    Properties:\n      Policies:\n"
            "        - PolicyName: p\n          PolicyDocument:\n"
            "            Statement:\n              Effect: Allow\n              Action: s3:*\n"
            "              Resource: '*'\n"
            "  P:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      PolicyDocument:\n"
            "        Statement:\n          - Effect: Deny\n            Principal: {AWS: ['a', '*']}\n"
            "            NotAction: [s3:Get*, !If [C, s3:Put*, !Ref AWS::NoValue]]\n");
        Model m;
        model_build(&A, &d, model_classify(d.root), &m);
        CHECK_EQ_INT(m.npolicies, 2);
        if (m.npolicies == 2) {
            CHECK_EQ_INT(m.policies[0].kind, POLICY_IDENTITY);
            CHECK_EQ_INT(m.policies[0].nstmts, 1);
            const Statement *s = &m.policies[0].stmts[0];
            CHECK_EQ_INT(s->effect, EFFECT_ALLOW);
            CHECK_EQ_INT(s->action.len, 1);
            CHECK_EQ_STR(s->action.items[0].str, "s3:*");
            CHECK_EQ_STR(pos(&d, s->action.items[0].node->span.start), "10:23");
            const Statement *t = &m.policies[1].stmts[0];
            CHECK_EQ_INT(m.policies[1].kind, POLICY_RESOURCE);
            CHECK_EQ_INT(t->effect, EFFECT_DENY);
            CHECK(t->action.negated, "NotAction not negated");
            CHECK_EQ_INT(t->action.len, 2);     /* Fn::If contributes s3:Put*, NoValue nothing */
            CHECK_EQ_INT(t->nprincipals, 2);
            CHECK_EQ_STR(t->principals[1].type, "AWS");
            CHECK_EQ_STR(t->principals[1].str, "*");
        }
    }
    TEST("model: classification by content") {
        CHECK_EQ_INT(model_classify(read_yaml("Resources:\n  A:\n    Type: AWS::SNS::Topic\n").root), KIND_CFN);
        CHECK_EQ_INT(model_classify(read_yaml("Version: '2012-10-17'\nStatement: []\n").root), KIND_IAM_POLICY);
        CHECK_EQ_INT(model_classify(read_yaml("service: x\nprovider: {name: aws}\n").root), KIND_SERVERLESS);
        CHECK_EQ_INT(model_classify(read_yaml("on: push\njobs: {}\n").root), KIND_UNKNOWN);
        CHECK_EQ_INT(model_classify(read_yaml("apiVersion: v1\nkind: Pod\n").root), KIND_UNKNOWN);
        CHECK_EQ_INT(model_classify(read_yaml("- a\n- b\n").root), KIND_UNKNOWN);
    }
}

int main(void)
{
    arena_init(&A);
    test_positions();
    test_tags();
    test_aliases_and_limits();
    test_errors();
    test_model();
    arena_free(&A);
    return unit_done();
}
