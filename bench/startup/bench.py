#!/usr/bin/env python3
"""Start-to-exit latency of a container running /bin/true: Glassbox beside runc, crun, the
floor (unshare of every namespace + /proc + exec) and `docker run --rm`.

One run, same machine, same busybox rootfs. Reports median, spread (p10..p90) and minimum in
ms, and peak RSS: each command's own (wait4(2) on that one child, by the small C helper
spawn.c: the command and the descendants it waited for), the maximum over its samples. Run as root from the repository
root, after `./mvnw -B -q -DskipTests package`:   sudo python3 bench/startup/bench.py [N]

Docker: a private containerd + dockerd on a temporary root and sockets (never the system's),
stopped at the end; the cgroup parent it used (/gbx-bench-docker) is removed after.
"""
import json, os, platform, random, shutil, signal, statistics, subprocess, sys, tempfile, time

N = int(sys.argv[1]) if len(sys.argv) > 1 else 30
WARM = 3
ENGINE_WARMUP = 200
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DOCKER = "/usr/bin/docker"  # docker.io's client
TAG = "%05x" % random.randrange(0x10000, 0xfffff)
DOCKER_CGROUP = "gbx-bench-docker"
GB_CGROUP = "gbx-bench-" + TAG        # the CLI's engine
ENGINE_SIDE_CGROUP = "gbx-bench-es-" + TAG
GB_BRIDGE = "gbb" + TAG


def sh(*cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def rootfs(dir):
    os.makedirs(dir + "/bin")
    for d in ("proc", "sys", "dev", "etc", "tmp"):
        os.makedirs(dir + "/" + d)
    shutil.copy("/bin/busybox", dir + "/bin/busybox")
    for applet in subprocess.run(["/bin/busybox", "--list"], capture_output=True, text=True).stdout.split():
        if applet != "busybox":
            os.symlink("busybox", dir + "/bin/" + applet)


# the same timing loop, also run inside crun's private mount namespace (python3 TIMEIT SPAWN N cmd...):
# each sample is one run of the small C helper spawn.c, which forks, execs and reaps the command
# and prints its wall time and its own ru_maxrss
TIMEIT = r'''
import subprocess, sys
def once(spawn, cmd, env=None):
    out = subprocess.run([spawn] + cmd, env=env, capture_output=True, text=True, check=True).stdout.split()
    ms, rss, code, cpu = float(out[0]), int(out[1]), int(out[2]), float(out[3])
    if code != 0:
        raise SystemExit("bench: %s exited %d" % (" ".join(cmd), code))
    return ms, rss, cpu
if __name__ == "__main__":
    spawn, n, cmd = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    for i in range(n):
        ms, rss, cpu = once(spawn, [a.replace("{i}", str(i)) for a in cmd])
        print(ms, rss, cpu, flush=True)
'''
_ns = {"__name__": "timeit"}
exec(TIMEIT, _ns)
SPAWN = None  # the compiled helper, set in main()


def once(cmd, env=None):
    return _ns["once"](SPAWN, cmd, env)


CPU = []  # CPU ms (user+system) of each sample of the last timed() call


def timed(cmds, env=None):
    """Runs each command once: ([ms], [max RSS KiB]) per run, each measured on its own child."""
    ms, rss = [], []
    CPU.clear()
    for cmd in cmds:
        m, r, c = once(cmd, env)
        ms.append(m)
        rss.append(r)
        CPU.append(c)
    return ms, rss


ROWS = []


def summary(name, ms, rss_kib, note="", cpu=None):
    ms = sorted(ms)
    q = statistics.quantiles(ms, n=10)
    rss = f"{max(rss_kib) / 1024:8.1f}" if rss_kib else "       -"
    cpu_med = statistics.median(cpu) if cpu else None
    ROWS.append({"name": name, "median": round(statistics.median(ms), 2), "p10": round(q[0], 2), "p90": round(q[-1], 2),
                 "min": round(ms[0], 2), "rss_mib": round(max(rss_kib) / 1024, 1) if rss_kib else None,
                 "cpu_ms_median": round(cpu_med, 1) if cpu else None, "note": note})
    c = f"{cpu_med:8.1f}" if cpu else "       -"
    print(f"| {name:<42} | {statistics.median(ms):8.1f} | {q[0]:7.1f} .. {q[-1]:7.1f} | {ms[0]:7.1f} | {rss} | {c} | {note}", flush=True)


def warm_engine(socket_path, n):
    """n containers made, started, waited for and removed through the engine's API (create..rm, as run --rm
    asks for them): its JIT has then compiled the start path, as in an engine that has been up a while."""
    import http.client, socket as sk

    class UnixConnection(http.client.HTTPConnection):
        def connect(self):
            self.sock = sk.socket(sk.AF_UNIX, sk.SOCK_STREAM)
            self.sock.connect(socket_path)

    def call(method, path, body=None):
        c = UnixConnection("localhost")
        c.request(method, "/v1.43" + path, body=json.dumps(body) if body is not None else None,
                  headers={"Content-Type": "application/json"})
        r = c.getresponse()
        data = r.read()
        c.close()
        if r.status >= 300:
            raise SystemExit(f"bench: {method} {path}: {r.status} {data[:200]!r}")
        return json.loads(data) if data else None

    for _ in range(n):
        cid = call("POST", "/containers/create", {"Image": "bench", "Cmd": ["/bin/true"], "HostConfig": {"NetworkMode": "none"}})["Id"]
        call("POST", f"/containers/{cid}/start")
        call("POST", f"/containers/{cid}/wait")
        call("DELETE", f"/containers/{cid}?force=1")


def vm_hwm_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def remove_cgroups(name):
    """rmdir, deepest first, of /sys/fs/cgroup/*/NAME (and /sys/fs/cgroup/NAME on v2): only the bench's own."""
    tops = [os.path.join("/sys/fs/cgroup", c, name) for c in os.listdir("/sys/fs/cgroup")] + [os.path.join("/sys/fs/cgroup", name)]
    for top in tops:
        if not os.path.isdir(top):
            continue
        for d, _, _ in sorted(os.walk(top), key=lambda w: -len(w[0])):
            try:
                os.rmdir(d)
            except OSError as e:
                print(f"bench: cannot remove {d}: {e}", file=sys.stderr)


def umount_under(path):
    with open("/proc/self/mountinfo") as f:
        points = [l.split()[4] for l in f if l.split()[4].startswith(path + "/") or l.split()[4] == path]
    for p in sorted(points, key=len, reverse=True):
        subprocess.run(["umount", "-l", p], stderr=subprocess.DEVNULL)


def bench_docker(work, tar, paired=None):
    """containerd + dockerd of our own, on temporary root, state and sockets. paired: (command, env) of
    glassbox run --rm, then timed in turn with docker run --rm, sample by sample."""
    dk = work + "/docker"
    os.makedirs(dk)
    ctrd_sock, dockerd_sock = dk + "/containerd.sock", dk + "/docker.sock"
    with open(dk + "/containerd.toml", "w") as f:
        f.write(f'''version = 2
root = "{dk}/containerd-root"
state = "{dk}/containerd-state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "{ctrd_sock}"
[ttrpc]
  address = "{ctrd_sock}.ttrpc"
[debug]
  address = ""
[plugins."io.containerd.internal.v1.opt"]
  path = "{dk}/opt"
''')
    with open(dk + "/daemon.json", "w") as f:
        f.write("{}\n")
    ctrd = dockerd = None
    try:
        ctrd = subprocess.Popen(["containerd", "--config", dk + "/containerd.toml"], stdout=open(dk + "/containerd.log", "w"),
                                stderr=subprocess.STDOUT)
        for _ in range(200):
            if os.path.exists(ctrd_sock):
                break
            time.sleep(0.05)
        dockerd = subprocess.Popen(["dockerd", "--containerd=" + ctrd_sock, "--data-root", dk + "/data", "--exec-root", dk + "/exec",
                                    "-H", "unix://" + dockerd_sock, "--pidfile", dk + "/dockerd.pid", "--config-file", dk + "/daemon.json",
                                    "--iptables=false", "--ip-forward=false", "--ip-masq=false", "--bridge=none",
                                    "--cgroup-parent=/" + DOCKER_CGROUP],
                                   stdout=open(dk + "/dockerd.log", "w"), stderr=subprocess.STDOUT)
        d = [DOCKER, "-H", "unix://" + dockerd_sock]
        for _ in range(300):
            if subprocess.run(d + ["version"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0:
                break
            if dockerd.poll() is not None:
                raise SystemExit("bench: dockerd exited; see " + dk + "/dockerd.log")
            time.sleep(0.1)
        sh(*d, "import", tar, "gbxbench:latest", stdout=subprocess.DEVNULL)
        run = d + ["run", "--rm", "--network", "none", "gbxbench", "/bin/true"]
        timed([run] * WARM)
        ms, rss = timed([run] * N)
        summary("docker run --rm (client command)", ms, rss, "RSS and CPU: the docker client only", CPU)
        daemons = [vm_hwm_kib(ctrd.pid), vm_hwm_kib(dockerd.pid)]
        print(f"  dockerd peak RSS {daemons[1] / 1024:.1f} MiB, containerd {daemons[0] / 1024:.1f} MiB (plus a shim per container)")
        ROWS[-1]["daemons_rss_mib"] = {"dockerd": round(daemons[1] / 1024, 1), "containerd": round(daemons[0] / 1024, 1)}
        if paired:
            # the two whole commands in turn (which goes first alternates): the same moment of the machine
            gb_cmd, gb_env = paired
            g, d2 = [], []
            for i in range(N):
                for which in (("gb", "docker") if i % 2 == 0 else ("docker", "gb")):
                    if which == "gb":
                        g.append(once(gb_cmd, gb_env)[0])
                    else:
                        d2.append(once(run)[0])
            summary("glassbox run --rm, in turn with the next row", g, [])
            summary("docker run --rm, in turn with glassbox's", d2, [])
            print(f"  in turn: glassbox run --rm / docker run --rm = {statistics.median(g) / statistics.median(d2):.2f}")
        return statistics.median(ms)
    finally:
        for p in (dockerd, ctrd):  # only the two daemons this bench started
            if p is not None and p.poll() is None:
                p.send_signal(signal.SIGTERM)
                try:
                    p.wait(30)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
        umount_under(dk)
        remove_cgroups(DOCKER_CGROUP)


def main():
    if os.geteuid() != 0:
        sys.exit("bench: run as root (sudo)")
    work = tempfile.mkdtemp(prefix="glassbox-bench-")
    with open(work + "/timeit.py", "w") as f:
        f.write(TIMEIT)
    global SPAWN
    SPAWN = work + "/spawn"
    src = os.path.join(REPO, "bench/startup/spawn.c")
    if subprocess.run(["cc", "-O2", "-static", "-o", SPAWN, src], stderr=subprocess.DEVNULL).returncode != 0:
        sh("cc", "-O2", "-o", SPAWN, src)
    load_start = loadavg()
    gb_env = dict(os.environ, GLASSBOX_CGROUP_PARENT=GB_CGROUP, GLASSBOX_BRIDGE=GB_BRIDGE)
    root = work + "/cli"
    gb = [f"{REPO}/glassbox", "--root", root]
    try:
        bundle = work + "/bundle"
        rootfs(bundle + "/rootfs")
        tar = work + "/rootfs.tar"
        sh("tar", "-C", bundle + "/rootfs", "-cf", tar, ".")
        sh("runc", "spec", "-b", bundle)
        with open(bundle + "/config.json") as f:
            spec = json.load(f)
        spec["process"]["args"] = ["/bin/true"]
        spec["process"]["terminal"] = False
        spec["root"]["readonly"] = True
        with open(bundle + "/config.json", "w") as f:
            json.dump(spec, f)

        print(f"{platform.node()}: Linux {platform.release()}, {os.cpu_count()} CPUs; load average at start {load_start}")
        print(f"{N} samples each after {WARM} warm-up runs; wall milliseconds; peak RSS = max over the samples of each command's own; "
              "CPU = user+system of the command's own process tree\n")
        print("| what                                       | median   | p10 .. p90         | min     | peak RSS MiB | CPU ms (median) |")
        print("|--------------------------------------------|----------|--------------------|---------|--------------|-----------------|")

        results = {}
        # the floor: new pid, mount, uts, ipc, net namespaces, a fresh /proc, exec /bin/true
        floor = ["unshare", "--fork", "--pid", "--mount-proc", "--mount", "--uts", "--ipc", "--net", "/bin/true"]
        timed([floor] * WARM)
        ms, rss = timed([floor] * N)
        summary("floor: unshare (5 namespaces) + /proc", ms, rss, cpu=CPU)
        results["floor"] = statistics.median(ms)

        runc = ["runc", "--root", work + "/runc-state", "run", "-b", bundle]
        timed([runc + [f"warm{i}"] for i in range(WARM)])
        ms, rss = timed([runc + [f"b{i}"] for i in range(N)])
        summary("runc run (/bin/true)", ms, rss, cpu=CPU)
        results["runc"] = statistics.median(ms)

        # crun 1.8 refuses this hybrid cgroup layout: hide the v2 tree's controllers file in a
        # private mount namespace, and run the same timing loop there
        if shutil.which("crun"):
            empty = work + "/empty"
            open(empty, "w").close()
            crun = ["crun", "--root", work + "/crun-state", "run", "-b", bundle]
            inner = " ".join(crun)
            script = (f"mount --bind {empty} /sys/fs/cgroup/unified/cgroup.controllers 2>/dev/null; "
                      f"python3 {work}/timeit.py {SPAWN} {WARM} {inner} w{{i}} >/dev/null && python3 {work}/timeit.py {SPAWN} {N} {inner} c{{i}}")
            out = subprocess.run(["unshare", "-m", "--propagation", "private", "sh", "-c", script],
                                 capture_output=True, text=True, check=True).stdout.split("\n")
            pairs = [l.split() for l in out if l.strip()]
            summary("crun run (/bin/true)", [float(p[0]) for p in pairs], [int(p[1]) for p in pairs], cpu=[float(p[2]) for p in pairs])
            results["crun"] = statistics.median(float(p[0]) for p in pairs)

        # Glassbox, engine side: the runtime in a warm JVM with the engine's own JVM options (EngineLauncher: SerialGC,
        # C1 only). A running engine has compiled its hot code: 200 warm-up samples (about 3 s); after 20 the JIT was
        # still compiling while the samples ran (40 ms of the JVM's CPU per sample)
        cp = f"{REPO}/lab-app/target/glassbox.jar:{REPO}/lab-app/target/lib/*"
        java = os.path.join(os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "java")
        out = subprocess.run([java, "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", cp, f"{REPO}/bench/startup/EngineSide.java",
                              tar, work + "/engine", str(ENGINE_WARMUP), str(N), ENGINE_SIDE_CGROUP], capture_output=True, text=True, check=True).stdout.split("\n")
        ms = [int(l) / 1000 for l in out if l.strip().isdigit()]
        hwm = [int(l.split()[1]) for l in out if l.startswith("VmHWM")][0]
        cpu = [int(l.split()[1]) / 1000 for l in out if l.startswith("cpu ")]
        summary("glassbox engine-side (create..rm)", ms, [hwm], "RSS: the whole JVM (VmHWM); CPU: the JVM's own", cpu)
        results["glassbox-engine"] = statistics.median(ms)

        # the same two, sample by sample in turn (crun, glassbox, glassbox, crun, ...), in crun's private mount
        # namespace: both see the same moment of the machine, whose speed drifts within a run
        if shutil.which("crun"):
            inner = " ".join([java, "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", f"'{cp}'",
                              f"{REPO}/bench/startup/EngineSide.java", tar, work + "/engine-paired", str(ENGINE_WARMUP), str(N),
                              ENGINE_SIDE_CGROUP + "-p", "--peer", SPAWN] + crun + ["p{i}"])
            script = f"mount --bind {empty} /sys/fs/cgroup/unified/cgroup.controllers 2>/dev/null; exec {inner}"
            out = subprocess.run(["unshare", "-m", "--propagation", "private", "sh", "-c", script],
                                 capture_output=True, text=True, check=True).stdout.split("\n")
            paired_gb = [int(l) / 1000 for l in out if l.strip().isdigit()]
            paired_crun = [float(l.split()[1]) for l in out if l.startswith("peer ")]
            summary("crun run, in turn with the next row", paired_crun, [])
            summary("glassbox engine-side, in turn with crun", paired_gb, [])
            results["paired-crun"] = statistics.median(paired_crun)
            results["paired-glassbox"] = statistics.median(paired_gb)
            print(f"  in turn: glassbox / crun = {statistics.median(paired_gb) / statistics.median(paired_crun):.2f}")

        # Glassbox, the whole command from a shell, engine already running
        sh(*gb, "engine", "start", stdout=subprocess.DEVNULL, env=gb_env)
        sh(*gb, "import", tar, "bench", stdout=subprocess.DEVNULL, env=gb_env)
        # as the engine-side loop: the engine has compiled its hot code (dockerd, in Go, needs no warming)
        warm_engine(root + "/run/glassbox.sock", ENGINE_WARMUP)
        cmd = gb + ["run", "--rm", "--network", "none", "bench", "/bin/true"]
        timed([cmd] * WARM, gb_env)
        # the launcher trains its AOT cache on the first engine command after a build and makes it
        # in the background: wait for it, so that no sample competes with it or runs without it
        aot = f"{REPO}/lab-app/target/glassbox.aot"
        for _ in range(600):
            if os.path.exists(aot):
                break
            time.sleep(0.1)
        print(f"  (the launcher's AOT cache: {'in use' if os.path.exists(aot) else 'not made'})")
        timed([cmd] * WARM, gb_env)
        ms, rss = timed([cmd] * N, gb_env)
        summary("glassbox run --rm (whole command)", ms, rss, "RSS and CPU: the CLI's JVM", CPU)
        results["glassbox-cli"] = statistics.median(ms)
        with open(root + "/run/engine.pid") as f:
            engine_hwm = vm_hwm_kib(int(f.read().strip()))
        if engine_hwm:
            print(f"  the glassbox engine's peak RSS {engine_hwm / 1024:.1f} MiB")
            ROWS[-1]["engine_rss_mib"] = round(engine_hwm / 1024, 1)
        # the CLI alone: a command that only asks the engine (JVM start + one request)
        ps = gb + ["ps", "-a"]
        timed([ps] * WARM, gb_env)
        ms, rss = timed([ps] * N, gb_env)
        summary("glassbox ps -a (CLI start-up + 1 request)", ms, rss, "RSS and CPU: the CLI's JVM", CPU)
        results["glassbox-ps"] = statistics.median(ms)

        if shutil.which("dockerd") and shutil.which("containerd") and os.path.exists(DOCKER):
            results["docker"] = bench_docker(work, tar, paired=(cmd, gb_env))
        else:
            print("\n(docker run --rm: no dockerd/containerd on this machine)")
        subprocess.run(gb + ["engine", "stop"], stdout=subprocess.DEVNULL, env=gb_env)
        print(f"\nload average at end {loadavg()}")
        print(json.dumps({"load_start": load_start, "load_end": loadavg(), "n": N, "rows": ROWS}))
    finally:
        subprocess.run(gb + ["engine", "stop"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=gb_env)
        umount_under(work)
        for name in (GB_CGROUP, ENGINE_SIDE_CGROUP, ENGINE_SIDE_CGROUP + "-p"):
            remove_cgroups(name)
        if os.path.exists("/sys/class/net/" + GB_BRIDGE):
            subprocess.run(["ip", "link", "del", GB_BRIDGE])
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
