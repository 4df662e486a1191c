#!/usr/bin/env python3
"""Start-to-exit latency of a container running /bin/true: Glassbox beside runc and crun.

One run, same machine, same busybox rootfs. Reports median and spread (p10..p90) in ms and
peak RSS. Run as root from the repository root:  sudo python3 bench/startup/bench.py [N]
"""
import json, os, resource, shutil, statistics, subprocess, sys, tempfile, time

N = int(sys.argv[1]) if len(sys.argv) > 1 else 30
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


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


def timed(cmd_list, env=None):
    """Runs each command once; returns (ms per run, peak RSS of the children in MiB)."""
    out = []
    for cmd in cmd_list:
        t0 = time.perf_counter_ns()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env)
        out.append((time.perf_counter_ns() - t0) / 1e6)
    return out


def summary(name, ms, rss_mib):
    ms = sorted(ms)
    q = statistics.quantiles(ms, n=10)
    print(f"| {name:<38} | {statistics.median(ms):8.1f} | {q[0]:7.1f} .. {q[-1]:7.1f} | {rss_mib:9.1f} |")


def main():
    if os.geteuid() != 0:
        sys.exit("bench: run as root (sudo)")
    work = tempfile.mkdtemp(prefix="glassbox-bench-")
    try:
        bundle = work + "/bundle"
        rootfs(bundle + "/rootfs")
        sh("tar", "-C", bundle + "/rootfs", "-cf", work + "/rootfs.tar", ".")
        sh("runc", "spec", "-b", bundle)
        with open(bundle + "/config.json") as f:
            spec = json.load(f)
        spec["process"]["args"] = ["/bin/true"]
        spec["process"]["terminal"] = False
        spec["root"]["readonly"] = True
        with open(bundle + "/config.json", "w") as f:
            json.dump(spec, f)

        print(f"{N} samples each after warm-up; milliseconds; peak RSS of the runtime process\n")
        print("| runtime                                | median   | p10 .. p90         | peak RSS MiB |")
        print("|----------------------------------------|----------|--------------------|-----------|")

        results = {}
        for name, prefix in (("runc", ["runc", "--root", work + "/runc-state"]),):
            timed([prefix + ["run", "-b", bundle, f"warm{i}"] for i in range(3)])
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            ms = timed([prefix + ["run", "-b", bundle, f"b{i}"] for i in range(N)])
            summary(name + " run (/bin/true)", ms, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
            results[name] = statistics.median(ms)

        # crun 1.8 refuses this hybrid cgroup layout: hide the v2 tree's controllers file in a
        # private mount namespace, and run the loop there (timed inside, by the same clock)
        if shutil.which("crun"):
            empty = work + "/empty"
            open(empty, "w").close()
            script = (f"mount --bind {empty} /sys/fs/cgroup/unified/cgroup.controllers 2>/dev/null; "
                      f"python3 - <<'PY'\nimport subprocess, time\nfor i in range(3): subprocess.run(['crun','--root','{work}/crun-state','run','-b','{bundle}','w%d'%i],check=True)\n"
                      f"for i in range({N}):\n t=time.perf_counter_ns(); subprocess.run(['crun','--root','{work}/crun-state','run','-b','{bundle}','c%d'%i],check=True); print((time.perf_counter_ns()-t)/1e6)\n"
                      f"import resource; print('rss', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\nPY")
            out = subprocess.run(["unshare", "-m", "--propagation", "private", "sh", "-c", script],
                                 capture_output=True, text=True, check=True).stdout.split("\n")
            ms = [float(l) for l in out if l and not l.startswith("rss")]
            rss = [int(l.split()[1]) for l in out if l.startswith("rss")][0]
            summary("crun run (/bin/true)", ms, rss / 1024)
            results["crun"] = statistics.median(ms)

        # Glassbox, engine side: the runtime in a warm JVM, as in the engine
        cp = f"{REPO}/lab-app/target/glassbox.jar:{REPO}/lab-app/target/lib/*"
        java = os.path.join(os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "java")
        out = subprocess.run([java, "--enable-native-access=ALL-UNNAMED", "-cp", cp, f"{REPO}/bench/startup/EngineSide.java",
                              work + "/rootfs.tar", work + "/engine", "20", str(N)], capture_output=True, text=True, check=True).stdout.split("\n")
        ms = [int(l) / 1000 for l in out if l.strip().isdigit()]
        hwm = [int(l.split()[1]) for l in out if l.startswith("VmHWM")][0]
        summary("glassbox engine-side (create..rm)", ms, hwm / 1024)
        results["glassbox-engine"] = statistics.median(ms)

        # Glassbox, the whole command from a shell, engine already running
        root = work + "/cli"
        gb = [f"{REPO}/glassbox", "--root", root]
        sh(*gb, "import", work + "/rootfs.tar", "bench", stdout=subprocess.DEVNULL)
        timed([gb + ["run", "--rm", "--network", "none", "bench", "/bin/true"] for _ in range(3)])
        ms = timed([gb + ["run", "--rm", "--network", "none", "bench", "/bin/true"] for _ in range(N)])
        summary("glassbox run --rm (whole command)", ms, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
        results["glassbox-cli"] = statistics.median(ms)
        subprocess.run(gb + ["engine", "stop"], stdout=subprocess.DEVNULL)

        if shutil.which("dockerd") is None:
            print("\n(docker run --rm: no Docker engine on this machine; the issue measured about 130 ms here)")
        print()
        print(json.dumps({k: round(v, 2) for k, v in results.items()}))
    finally:
        subprocess.run(["umount", "-R", work + "/engine/lib"], stderr=subprocess.DEVNULL)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
