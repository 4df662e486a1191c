package dev.glassbox.cli.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The part of Go's text/template that {@code docker inspect --format} is used with, over the JSON
 * the engine answers: {@code {{.State.Pid}}}, {@code {{json .Config}}}, {@code {{index .Config.Labels "k"}}},
 * {@code {{range .Mounts}}...{{end}}}, {@code {{range $k, $v := .NetworkSettings.Networks}}},
 * {@code {{if eq .State.Status "running"}}...{{else}}...{{end}}}, {@code {{with}}}, pipes ({@code |}),
 * parentheses, variables, {@code {{- trim -}}} markers and comments. Functions: Docker's
 * ({@code json join split lower upper title}) and Go's ({@code index len not and or eq ne lt le gt ge print println}).
 *
 * <p>Values print as Go prints the JSON Docker decodes: null as {@code <nil>}, a list as
 * {@code [a b]}, an object as {@code map[k:v]} with its keys in order; a field that is not there is
 * an error, as docker's {@code missingkey=error} makes it.
 * Why by hand: no maintained Java library implements Go's template language.
 */
public final class GoTemplate {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Node> nodes;

    private GoTemplate(List<Node> nodes) {
        this.nodes = nodes;
    }

    /** Parses {@code text}; a mistake is a {@link TemplateException} that says where and what. */
    public static GoTemplate parse(String text) {
        Parser p = new Parser(split(text));
        List<Node> nodes = p.list(false);
        if (p.pos < p.items.size()) throw new TemplateException("unexpected {{" + p.items.get(p.pos).text + "}}");
        return new GoTemplate(nodes);
    }

    /** The template run on {@code data} ("." and "$"). */
    public String render(JsonNode data) {
        StringBuilder out = new StringBuilder();
        Scope scope = new Scope(null);
        scope.vars.put("$", data);
        for (Node n : nodes) n.run(data, scope, out);
        return out.toString();
    }

    // ---- the text, cut into literal text and actions --------------------------------------------

    /** A piece of the template: literal text, or an action's inside (without {{ }} and trim marks). */
    private record Item(boolean action, String text) {}

    private static List<Item> split(String t) {
        List<Item> items = new ArrayList<>();
        int i = 0;
        boolean trimNext = false;
        while (i < t.length()) {
            int open = t.indexOf("{{", i);
            String literal = t.substring(i, open < 0 ? t.length() : open);
            if (trimNext) literal = literal.stripLeading();
            if (open < 0) {
                if (!literal.isEmpty()) items.add(new Item(false, literal));
                break;
            }
            int close = findClose(t, open + 2);
            if (close < 0) throw new TemplateException("unclosed action: " + t.substring(open));
            String inside = t.substring(open + 2, close);
            if (inside.startsWith("- ") || inside.equals("-")) {
                literal = literal.stripTrailing();
                inside = inside.substring(1);
            }
            trimNext = inside.endsWith(" -") || inside.equals("-");
            if (trimNext) inside = inside.substring(0, inside.length() - 1);
            if (!literal.isEmpty()) items.add(new Item(false, literal));
            inside = inside.strip();
            if (inside.startsWith("/*")) {
                if (!inside.endsWith("*/")) throw new TemplateException("unclosed comment: {{" + inside + "}}");
            } else {
                items.add(new Item(true, inside));
            }
            i = close + 2;
        }
        return items;
    }

    /** The "}}" that ends the action from {@code from}, skipping quoted strings. */
    private static int findClose(String t, int from) {
        for (int i = from; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '"' || c == '`') {
                int end = i + 1;
                while (end < t.length() && t.charAt(end) != c) end += (c == '"' && t.charAt(end) == '\\') ? 2 : 1;
                i = end;
            } else if (c == '}' && i + 1 < t.length() && t.charAt(i + 1) == '}') {
                return i;
            }
        }
        return -1;
    }

    // ---- nodes ------------------------------------------------------------------------------------

    private interface Node {
        void run(JsonNode dot, Scope scope, StringBuilder out);
    }

    private record Text(String text) implements Node {
        public void run(JsonNode dot, Scope scope, StringBuilder out) { out.append(text); }
    }

    /** {{pipeline}} prints its value; {{$x := pipeline}} only sets $x. */
    private record Print(String declares, Pipeline pipeline) implements Node {
        public void run(JsonNode dot, Scope scope, StringBuilder out) {
            JsonNode v = pipeline.eval(dot, scope);
            if (declares != null) scope.declare(declares, v);
            else out.append(show(v));
        }
    }

    private record If(Pipeline test, List<Node> then, List<Node> otherwise, boolean with) implements Node {
        public void run(JsonNode dot, Scope scope, StringBuilder out) {
            JsonNode v = test.eval(dot, scope);
            Scope inner = new Scope(scope);
            if (truth(v)) runAll(then, with ? v : dot, inner, out);
            else runAll(otherwise, dot, inner, out);
        }
    }

    private record Range(String keyVar, String valueVar, Pipeline over, List<Node> body, List<Node> otherwise) implements Node {
        public void run(JsonNode dot, Scope scope, StringBuilder out) {
            JsonNode v = over.eval(dot, scope);
            if (!truth(v)) {
                runAll(otherwise, dot, new Scope(scope), out);
                return;
            }
            if (v.isArray()) {
                for (int i = 0; i < v.size(); i++) each(IntNode.valueOf(i), v.get(i), scope, out);
            } else if (v.isObject()) {
                for (Map.Entry<String, JsonNode> e : sorted(v).entrySet()) each(TextNode.valueOf(e.getKey()), e.getValue(), scope, out);
            } else if (v.isIntegralNumber()) {
                for (int i = 0; i < v.asInt(); i++) each(IntNode.valueOf(i), IntNode.valueOf(i), scope, out);
            } else {
                throw new TemplateException("range can't iterate over " + show(v));
            }
        }

        private void each(JsonNode key, JsonNode value, Scope scope, StringBuilder out) {
            Scope inner = new Scope(scope);
            if (valueVar != null) {
                inner.vars.put(keyVar, key);
                inner.vars.put(valueVar, value);
            } else if (keyVar != null) {
                inner.vars.put(keyVar, value);
            }
            runAll(body, value, inner, out);
        }
    }

    private static void runAll(List<Node> nodes, JsonNode dot, Scope scope, StringBuilder out) {
        for (Node n : nodes) n.run(dot, scope, out);
    }

    /** Variables in force: an action's block sees its enclosing blocks' ones. */
    private static final class Scope {
        final Scope outer;
        final Map<String, JsonNode> vars = new HashMap<>();

        Scope(Scope outer) { this.outer = outer; }

        JsonNode get(String name) {
            for (Scope s = this; s != null; s = s.outer) if (s.vars.containsKey(name)) return s.vars.get(name);
            throw new TemplateException("undefined variable: " + name);
        }

        void declare(String name, JsonNode v) { vars.put(name, v); }
    }

    // ---- pipelines ------------------------------------------------------------------------------

    /** One value: a field chain on dot or on a variable, a literal, or a parenthesized pipeline with fields after it. */
    private sealed interface Operand permits Field, Variable, Literal, Group, FunctionName {
        JsonNode eval(JsonNode dot, Scope scope);
    }

    private record Field(List<String> path) implements Operand {
        public JsonNode eval(JsonNode dot, Scope scope) { return walk(dot, path); }
    }

    private record Variable(String name, List<String> path) implements Operand {
        public JsonNode eval(JsonNode dot, Scope scope) { return walk(scope.get(name), path); }
    }

    private record Literal(JsonNode value) implements Operand {
        public JsonNode eval(JsonNode dot, Scope scope) { return value; }
    }

    private record Group(Pipeline inner, List<String> path) implements Operand {
        public JsonNode eval(JsonNode dot, Scope scope) { return walk(inner.eval(dot, scope), path); }
    }

    /** A function's name where a value goes: called with no arguments. */
    private record FunctionName(String name) implements Operand {
        public JsonNode eval(JsonNode dot, Scope scope) { return Functions.call(name, List.of()); }
    }

    /** The first word names a function, or the command is one operand. */
    private record Command(String function, List<Operand> args) {
        JsonNode eval(JsonNode dot, Scope scope, JsonNode piped) {
            List<JsonNode> values = new ArrayList<>();
            for (Operand a : args) values.add(a.eval(dot, scope));
            if (piped != null) values.add(piped);
            if (function != null) return Functions.call(function, values);
            if (values.size() != 1) throw new TemplateException("can't give an argument to a non-function");
            return values.getFirst();
        }
    }

    private record Pipeline(List<Command> commands) {
        JsonNode eval(JsonNode dot, Scope scope) {
            JsonNode v = null;
            for (Command c : commands) v = c.eval(dot, scope, v);
            return v;
        }
    }

    private static JsonNode walk(JsonNode v, List<String> path) {
        for (String name : path) {
            if (v.isMissingNode() || v.isNull()) throw new TemplateException("nil pointer evaluating ." + name);
            if (!v.isObject()) throw new TemplateException("can't evaluate field " + name + " in " + show(v));
            // docker runs its templates with missingkey=error
            if (!v.has(name)) throw new TemplateException("map has no entry for key \"" + name + "\"");
            v = v.get(name);
        }
        return v;
    }

    // ---- the parser -----------------------------------------------------------------------------

    private static final class Parser {
        final List<Item> items;
        int pos;

        Parser(List<Item> items) { this.items = items; }

        /** Nodes up to the {{end}} or {{else}} of the block ({@code inBlock}), which stays unread. */
        List<Node> list(boolean inBlock) {
            List<Node> nodes = new ArrayList<>();
            while (pos < items.size()) {
                Item item = items.get(pos);
                if (!item.action()) {
                    nodes.add(new Text(item.text()));
                    pos++;
                    continue;
                }
                String word = firstWord(item.text());
                if (word.equals("end") || word.equals("else")) {
                    if (!inBlock) throw new TemplateException("unexpected {{" + item.text() + "}}");
                    return nodes;
                }
                pos++;
                nodes.add(switch (word) {
                    case "if" -> block(item.text().substring(2), false);
                    case "with" -> block(item.text().substring(4), true);
                    case "range" -> range(item.text().substring(5));
                    case "" -> throw new TemplateException("missing value for command: {{}}");
                    default -> print(item.text());
                });
            }
            if (inBlock) throw new TemplateException("unexpected end of the template: a block has no {{end}}");
            return nodes;
        }

        private Node print(String action) {
            Lexer lx = new Lexer(action);
            String declares = lx.declaration();
            Pipeline p = lx.pipeline();
            lx.expectEnd();
            return new Print(declares, p);
        }

        private Node block(String test, boolean with) {
            Pipeline p = pipelineOf(test);
            List<Node> then = list(true);
            List<Node> otherwise = elseAndEnd(with);
            return new If(p, then, otherwise, with);
        }

        private Node range(String rest) {
            Lexer lx = new Lexer(rest);
            String key = null, value = null;
            List<String> vars = lx.rangeVariables();
            if (vars.size() == 1) key = vars.getFirst();
            if (vars.size() == 2) {
                key = vars.get(0);
                value = vars.get(1);
            }
            Pipeline p = lx.pipeline();
            lx.expectEnd();
            List<Node> body = list(true);
            return new Range(key, value, p, body, elseAndEnd(false));
        }

        /** After a block's body: {{end}}, or {{else}} ... {{end}}, or {{else if ...}} ... */
        private List<Node> elseAndEnd(boolean with) {
            String action = items.get(pos).text();
            pos++;
            if (action.equals("end")) return List.of();
            String rest = action.substring(4).strip();
            if (rest.isEmpty()) {
                List<Node> otherwise = list(true);
                if (!items.get(pos).text().equals("end")) throw new TemplateException("expected {{end}}, found {{" + items.get(pos).text() + "}}");
                pos++;
                return otherwise;
            }
            String word = firstWord(rest);
            if (word.equals("if") || word.equals("with")) {
                return List.of(block(rest.substring(word.length()), word.equals("with")));
            }
            throw new TemplateException("unexpected {{" + action + "}}");
        }

        private static Pipeline pipelineOf(String text) {
            Lexer lx = new Lexer(text);
            Pipeline p = lx.pipeline();
            lx.expectEnd();
            return p;
        }

        private static String firstWord(String action) {
            int i = 0;
            while (i < action.length() && Character.isLetter(action.charAt(i))) i++;
            String w = action.substring(0, i);
            return switch (w) {
                case "if", "with", "range", "else", "end" -> w;
                default -> action.isBlank() ? "" : "-";
            };
        }
    }

    /** Reads one action's pipeline: words, quoted strings, numbers, fields, variables, | and parentheses. */
    private static final class Lexer {
        final String s;
        int i;

        Lexer(String s) { this.s = s; }

        private void skipSpace() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        }

        private boolean at(String token) {
            skipSpace();
            return s.startsWith(token, i);
        }

        void expectEnd() {
            skipSpace();
            if (i < s.length()) throw new TemplateException("unexpected \"" + s.substring(i) + "\" in {{" + s.strip() + "}}");
        }

        /** "$x :=" at the start: the variable's name, else null (nothing read). */
        String declaration() {
            int start = i;
            List<String> vars = rangeVariables();
            if (vars.size() == 1) return vars.getFirst();
            if (vars.size() > 1) throw new TemplateException("too many declarations in {{" + s.strip() + "}}");
            i = start;
            return null;
        }

        /** "$k, $v :=" or "$v :=" before a range's pipeline; nothing read when there is none. */
        List<String> rangeVariables() {
            int start = i;
            List<String> vars = new ArrayList<>();
            while (true) {
                skipSpace();
                if (i >= s.length() || s.charAt(i) != '$') break;
                int from = i++;
                while (i < s.length() && isNameChar(s.charAt(i))) i++;
                vars.add(s.substring(from, i));
                if (at(",")) {
                    i++;
                    continue;
                }
                if (at(":=")) {
                    i += 2;
                    return vars;
                }
                break;
            }
            i = start;
            return List.of();
        }

        Pipeline pipeline() {
            List<Command> commands = new ArrayList<>();
            while (true) {
                commands.add(command());
                if (!at("|")) break;
                i++;
            }
            return new Pipeline(commands);
        }

        private Command command() {
            skipSpace();
            String function = null;
            int start = i;
            String word = word();
            if (word != null && Functions.NAMES.contains(word)) function = word;
            else if (word != null) {
                if (word.equals("true") || word.equals("false") || word.equals("nil")) i = start;
                else throw new TemplateException("function \"" + word + "\" not defined");
            }
            List<Operand> args = new ArrayList<>();
            while (true) {
                skipSpace();
                if (i >= s.length() || s.charAt(i) == '|' || s.charAt(i) == ')') break;
                args.add(operand());
            }
            if (function == null && args.isEmpty()) throw new TemplateException("missing value for command in {{" + s.strip() + "}}");
            return new Command(function, args);
        }

        private String word() {
            int from = i;
            while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) i++;
            if (i == from || Character.isDigit(s.charAt(from))) {
                i = from;
                return null;
            }
            return s.substring(from, i);
        }

        private Operand operand() {
            char c = s.charAt(i);
            if (c == '.') return new Field(path());
            if (c == '$') {
                int from = i++;
                while (i < s.length() && isNameChar(s.charAt(i))) i++;
                return new Variable(s.substring(from, i), path());
            }
            if (c == '(') {
                i++;
                Pipeline inner = pipeline();
                if (!at(")")) throw new TemplateException("unclosed left paren in {{" + s.strip() + "}}");
                i++;
                return new Group(inner, path());
            }
            if (c == '"' || c == '`') return new Literal(TextNode.valueOf(string(c)));
            if (c == '-' || Character.isDigit(c)) {
                int from = i++;
                while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) i++;
                String n = s.substring(from, i);
                try {
                    return new Literal(n.contains(".") ? JsonNodeFactory.instance.numberNode(Double.parseDouble(n))
                            : JsonNodeFactory.instance.numberNode(Long.parseLong(n)));
                } catch (NumberFormatException e) {
                    throw new TemplateException("bad number syntax: \"" + n + "\"");
                }
            }
            String w = word();
            if (w == null) throw new TemplateException("unexpected \"" + c + "\" in {{" + s.strip() + "}}");
            return switch (w) {
                case "true" -> new Literal(BooleanNode.TRUE);
                case "false" -> new Literal(BooleanNode.FALSE);
                case "nil" -> new Literal(NullNode.getInstance());
                default -> {
                    if (!Functions.NAMES.contains(w)) throw new TemplateException("function \"" + w + "\" not defined");
                    yield new FunctionName(w);
                }
            };
        }

        /** ".A.B" (or "." alone: no names) from here; after a variable or a group, its fields. */
        private List<String> path() {
            List<String> names = new ArrayList<>();
            while (i < s.length() && s.charAt(i) == '.') {
                i++;
                int from = i;
                while (i < s.length() && isNameChar(s.charAt(i))) i++;
                if (i == from) {
                    if (!names.isEmpty()) throw new TemplateException("unexpected . after term in {{" + s.strip() + "}}");
                    break; // "." alone
                }
                names.add(s.substring(from, i));
            }
            return names;
        }

        private String string(char quote) {
            StringBuilder b = new StringBuilder();
            i++;
            while (i < s.length() && s.charAt(i) != quote) {
                char c = s.charAt(i++);
                if (quote == '"' && c == '\\' && i < s.length()) {
                    char e = s.charAt(i++);
                    b.append(switch (e) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        default -> e;
                    });
                } else {
                    b.append(c);
                }
            }
            if (i >= s.length()) throw new TemplateException("unterminated quoted string in {{" + s.strip() + "}}");
            i++;
            return b.toString();
        }

        private static boolean isNameChar(char c) { return Character.isLetterOrDigit(c) || c == '_'; }
    }

    // ---- functions and values ---------------------------------------------------------------------

    private static final class Functions {
        static final List<String> NAMES = List.of("json", "join", "split", "lower", "upper", "title", "index", "len",
                "not", "and", "or", "eq", "ne", "lt", "le", "gt", "ge", "print", "println");

        static JsonNode call(String name, List<JsonNode> a) {
            return switch (name) {
                case "json" -> text(json(one(name, a)));
                case "join" -> {
                    need(name, a, 2);
                    List<String> parts = new ArrayList<>();
                    a.get(0).forEach(e -> parts.add(show(e)));
                    yield text(String.join(show(a.get(1)), parts));
                }
                case "split" -> {
                    need(name, a, 2);
                    ArrayNode parts = JsonNodeFactory.instance.arrayNode();
                    for (String p : show(a.get(0)).split(java.util.regex.Pattern.quote(show(a.get(1))), -1)) parts.add(p);
                    yield parts;
                }
                case "lower" -> text(show(one(name, a)).toLowerCase(Locale.ROOT));
                case "upper" -> text(show(one(name, a)).toUpperCase(Locale.ROOT));
                case "title" -> { // Go's strings.Title: each word's first letter
                    char[] s = show(one(name, a)).toCharArray();
                    for (int k = 0; k < s.length; k++) {
                        if (k == 0 || !Character.isLetterOrDigit(s[k - 1])) s[k] = Character.toTitleCase(s[k]);
                    }
                    yield text(new String(s));
                }
                case "index" -> {
                    if (a.isEmpty()) throw new TemplateException("wrong number of args for index: want at least 1 got 0");
                    JsonNode v = a.getFirst();
                    for (JsonNode key : a.subList(1, a.size())) {
                        if (v.isArray() && key.isIntegralNumber()) {
                            if (key.asInt() < 0 || key.asInt() >= v.size()) throw new TemplateException("index out of range: " + key.asInt());
                            v = v.get(key.asInt());
                        } else if (v.isObject()) {
                            // Docker's maps are mostly map[string]string (labels, options): Go's zero value is ""
                            v = v.has(show(key)) ? v.get(show(key)) : TextNode.valueOf("");
                        } else if (v.isNull() || v.isMissingNode()) {
                            throw new TemplateException("index of untyped nil");
                        } else {
                            throw new TemplateException("can't index " + show(v) + " with " + show(key));
                        }
                    }
                    yield v;
                }
                case "len" -> {
                    JsonNode v = one(name, a);
                    if (v.isTextual()) yield IntNode.valueOf(v.asText().length());
                    if (v.isContainerNode()) yield IntNode.valueOf(v.size());
                    throw new TemplateException("len of " + show(v));
                }
                case "not" -> BooleanNode.valueOf(!truth(one(name, a)));
                case "and" -> {
                    if (a.isEmpty()) throw new TemplateException("wrong number of args for and: want at least 1 got 0");
                    for (JsonNode v : a) if (!truth(v)) yield v;
                    yield a.getLast();
                }
                case "or" -> {
                    if (a.isEmpty()) throw new TemplateException("wrong number of args for or: want at least 1 got 0");
                    for (JsonNode v : a) if (truth(v)) yield v;
                    yield a.getLast();
                }
                case "eq" -> {
                    if (a.size() < 2) throw new TemplateException("wrong number of args for eq: want at least 2 got " + a.size());
                    for (JsonNode v : a.subList(1, a.size())) if (same(a.getFirst(), v)) yield BooleanNode.TRUE;
                    yield BooleanNode.FALSE;
                }
                case "ne" -> {
                    need(name, a, 2);
                    yield BooleanNode.valueOf(!same(a.get(0), a.get(1)));
                }
                case "lt", "le", "gt", "ge" -> {
                    need(name, a, 2);
                    int c = compare(name, a.get(0), a.get(1));
                    yield BooleanNode.valueOf(switch (name) {
                        case "lt" -> c < 0;
                        case "le" -> c <= 0;
                        case "gt" -> c > 0;
                        default -> c >= 0;
                    });
                }
                case "print", "println" -> {
                    StringBuilder b = new StringBuilder();
                    for (int k = 0; k < a.size(); k++) {
                        // Go's Sprint puts a space between operands when neither is a string; Sprintln always
                        if (k > 0 && (name.equals("println") || (!a.get(k - 1).isTextual() && !a.get(k).isTextual()))) b.append(' ');
                        b.append(show(a.get(k)));
                    }
                    if (name.equals("println")) b.append('\n');
                    yield text(b.toString());
                }
                default -> throw new TemplateException("function \"" + name + "\" not defined");
            };
        }

        private static JsonNode one(String name, List<JsonNode> a) {
            need(name, a, 1);
            return a.getFirst();
        }

        private static void need(String name, List<JsonNode> a, int n) {
            if (a.size() != n) throw new TemplateException("wrong number of args for " + name + ": want " + n + " got " + a.size());
        }

        private static JsonNode text(String s) { return TextNode.valueOf(s); }

        private static boolean same(JsonNode x, JsonNode y) {
            if (x.isNumber() && y.isNumber()) return x.decimalValue().compareTo(y.decimalValue()) == 0;
            if (x.isMissingNode() || y.isMissingNode()) return x.isMissingNode() && y.isMissingNode();
            if (x.getNodeType() != y.getNodeType()) throw new TemplateException("incompatible types for comparison: " + show(x) + " and " + show(y));
            return x.equals(y);
        }

        private static int compare(String name, JsonNode x, JsonNode y) {
            if (x.isNumber() && y.isNumber()) return x.decimalValue().compareTo(y.decimalValue());
            if (x.isTextual() && y.isTextual()) return x.asText().compareTo(y.asText());
            throw new TemplateException("incompatible types for " + name + ": " + show(x) + " and " + show(y));
        }
    }

    /** Go's idea of true: not false, 0, nil, an empty string, list or map. */
    private static boolean truth(JsonNode v) {
        if (v == null || v.isMissingNode() || v.isNull()) return false;
        if (v.isBoolean()) return v.asBoolean();
        if (v.isNumber()) return v.doubleValue() != 0;
        if (v.isTextual()) return !v.asText().isEmpty();
        return v.size() > 0;
    }

    /** A value as Go's fmt prints it (%v). */
    static String show(JsonNode v) {
        if (v == null || v.isMissingNode()) return "<no value>";
        if (v.isNull()) return "<nil>";
        if (v.isTextual()) return v.asText();
        if (v.isArray()) {
            StringBuilder b = new StringBuilder("[");
            for (Iterator<JsonNode> it = v.elements(); it.hasNext(); ) {
                b.append(show(it.next()));
                if (it.hasNext()) b.append(' ');
            }
            return b.append(']').toString();
        }
        if (v.isObject()) {
            StringBuilder b = new StringBuilder("map[");
            boolean first = true;
            for (Map.Entry<String, JsonNode> e : sorted(v).entrySet()) {
                if (!first) b.append(' ');
                first = false;
                b.append(e.getKey()).append(':').append(show(e.getValue()));
            }
            return b.append(']').toString();
        }
        return v.asText();
    }

    /** Go ranges over and prints a map in its keys' order. */
    private static Map<String, JsonNode> sorted(JsonNode object) {
        Map<String, JsonNode> m = new TreeMap<>();
        object.properties().forEach(e -> m.put(e.getKey(), e.getValue()));
        return m;
    }

    private static String json(JsonNode v) {
        if (v.isMissingNode()) return "null";
        try {
            return JSON.writeValueAsString(v);
        } catch (JsonProcessingException e) {
            throw new TemplateException("json: " + e.getOriginalMessage());
        }
    }
}
