package dev.glassbox.cli.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What Go's text/template prints for the templates students give docker inspect -f (DockerTemplateTest compares with docker itself). */
class GoTemplateTest {
    private static final JsonNode C = json("""
            {"Id": "abc123", "Name": "/web",
             "State": {"Status": "running", "Running": true, "Paused": false, "Pid": 4242, "ExitCode": 0},
             "Config": {"Env": ["PATH=/bin", "A=1"], "Cmd": ["sleep", "600"], "Labels": {"tier": "front", "app": "shop"},
                        "Entrypoint": null, "Hostname": "c0ffee"},
             "HostConfig": {"Memory": 67108864, "NanoCpus": 500000000},
             "Mounts": [{"Source": "/srv/a", "Destination": "/a"}, {"Source": "/srv/b", "Destination": "/b"}],
             "NetworkSettings": {"Networks": {"bridge": {"IPAddress": "172.17.0.2"}, "front": {"IPAddress": "172.18.0.3"}},
                                 "Ports": {"80/tcp": [{"HostIp": "0.0.0.0", "HostPort": "8080"}]}},
             "GraphDriver": {"Data": {"UpperDir": "/var/lib/glassbox/containers/abc123/upper"}}}
            """);

    private static JsonNode json(String s) {
        try {
            return new ObjectMapper().readTree(s);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String render(String template) {
        return GoTemplate.parse(template).render(C);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = " -> ", quoteCharacter = '\'', value = {
            "{{.Name}} -> /web",
            "{{.State.Pid}} -> 4242",
            "{{.State.Running}} -> true",
            "{{.HostConfig.Memory}} -> 67108864",
            "{{.GraphDriver.Data.UpperDir}} -> /var/lib/glassbox/containers/abc123/upper",
            "{{.Config.Env}} -> [PATH=/bin A=1]",
            "{{.Config.Labels}} -> map[app:shop tier:front]",
            "{{.Config.Entrypoint}} -> <nil>",
            "{{json .Config.Env}} -> '[\"PATH=/bin\",\"A=1\"]'",
            "{{json .Config.Labels}} -> '{\"tier\":\"front\",\"app\":\"shop\"}'",
            "{{.Config.Labels | json}} -> '{\"tier\":\"front\",\"app\":\"shop\"}'",
            "{{index .Config.Labels \"tier\"}} -> front",
            "{{index .Config.Env 1}} -> A=1",
            "{{(index (index .NetworkSettings.Ports \"80/tcp\") 0).HostPort}} -> 8080",
            "{{range .Mounts}}{{.Source}}:{{.Destination}} {{end}} -> '/srv/a:/a /srv/b:/b '",
            "{{range $i, $m := .Mounts}}{{$i}}={{$m.Source}};{{end}} -> '0=/srv/a;1=/srv/b;'",
            "{{range $name, $n := .NetworkSettings.Networks}}{{$name}} {{$n.IPAddress}},{{end}} -> 'bridge 172.17.0.2,front 172.18.0.3,'",
            "{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}} -> '172.17.0.2 172.18.0.3 '",
            "{{range .Config.Entrypoint}}x{{else}}none{{end}} -> none",
            "{{if .State.Running}}up{{else}}down{{end}} -> up",
            "{{if eq .State.Status \"exited\"}}e{{else if eq .State.Status \"running\"}}r{{else}}?{{end}} -> r",
            "{{if and .State.Running (not .State.Paused)}}yes{{end}} -> yes",
            "{{if gt .State.Pid 1}}big{{end}} -> big",
            "{{if ne .State.ExitCode 0}}failed{{else}}ok{{end}} -> ok",
            "{{with .Config}}{{.Hostname}}{{end}} -> c0ffee",
            "{{with .Config.Entrypoint}}x{{else}}empty{{end}} -> empty",
            "{{len .Config.Env}} {{len .Mounts}} {{len .Name}} -> 2 2 4",
            "{{join .Config.Cmd \" \"}} -> sleep 600",
            "{{index (split \"a:b:c\" \":\") 2}} -> c",
            "{{upper .State.Status}} {{lower \"ABC\"}} {{title \"web\"}} -> RUNNING abc Web",
            "{{$p := .State.Pid}}pid {{$p}} -> pid 4242",
            "{{$.Name}}{{range .Mounts}}{{$.Id}}{{end}} -> /webabc123abc123",
            "{{print .State.Pid 2}} {{print \"a\" \"b\"}} -> 4242 2 ab",
            "{{/* a comment */}}{{.Id}} -> abc123",
            "{{`raw \\n`}} -> 'raw \\n'",
    })
    void printsAsGoDoes(String template, String expected) {
        assertEquals(expected, render(template));
    }

    @Test
    void anObjectPrintsAsAGoMapWithItsKeysInOrder() {
        assertTrue(render("{{.}}").startsWith("map[Config:map[Cmd:[sleep 600] Entrypoint:<nil> Env:[PATH=/bin A=1] Hostname:c0ffee"),
                render("{{.}}"));
    }

    @Test
    void trimMarkersEatTheWhitespaceBesideThem() {
        assertEquals("/web|4242", render("{{.Name}}  \n {{- \"|\" -}} \n\t {{.State.Pid}}"));
        assertEquals("x-1", render("x{{-1}}"), "{{-1}} is the number -1, not a trim mark");
        assertEquals("/srv/a\n/srv/b\n", render("{{range .Mounts -}}\n  {{.Source}}\n{{end}}"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " -> ", quoteCharacter = '\'', value = {
            "{{.Name -> unclosed action",
            "{{if .State.Running}}x -> no {{end}}",
            "{{end}} -> unexpected {{end}}",
            "{{nosuch .Name}} -> function \"nosuch\" not defined",
            "{{index}} -> wrong number of args for index",
            "{{\"open}} -> unclosed action",
            "{{.Name .Id}} -> argument to a non-function",
            "{{}} -> missing value",
            "{{(.Name}} -> unclosed left paren",
    })
    void mistakesSayWhat(String template, String message) {
        TemplateException e = assertThrows(TemplateException.class, () -> render(template));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void aFieldThatIsNotThereIsAnErrorAsInDocker() {
        TemplateException e = assertThrows(TemplateException.class, () -> render("{{.Config.Nothing}}"));
        assertEquals("map has no entry for key \"Nothing\"", e.getMessage());
        e = assertThrows(TemplateException.class, () -> render("{{.Config.Entrypoint.Deeper}}"));
        assertTrue(e.getMessage().contains("nil pointer evaluating .Deeper"), e.getMessage());
        // Docker's labels are a map[string]string: index gives "" for a missing one
        assertEquals("", render("{{index .Config.Labels \"none\"}}"));
    }
}
