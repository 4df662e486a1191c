#!/usr/bin/env python3
"""Storage costs, in one run on one machine:

1. layer unpack throughput: Glassbox's LayerUnpacker (safe unpack, whiteouts, in a warm JVM)
   against GNU `tar -x` of the same archive, plain and gzip;
2. giving a container its root: an overlay mount over the image layer (what Glassbox and
   Docker do) against a full copy of the rootfs (`cp -a`, what a copying runtime would pay),
   and Glassbox's whole container start on that overlay (create..rm of /bin/true).

Run as root from the repository root, after `./mvnw -q package -DskipTests`:
    sudo python3 bench/storage/bench.py [REPS] [SOURCE_DIR]
SOURCE_DIR is the tree the sample layer is made of (default: the JDK's lib directory).
"""
import os, shutil, statistics, subprocess, sys, tempfile, time

REPS = int(sys.argv[1]) if len(sys.argv) > 1 else 5
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
JAVA_HOME = os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64")
SOURCE = sys.argv[2] if len(sys.argv) > 2 else os.path.join(JAVA_HOME, "lib")


def sh(*cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def timed_ms(fn, reps):
    out = []
    for _ in range(reps):
        t0 = time.perf_counter_ns()
        fn()
        out.append((time.perf_counter_ns() - t0) / 1e6)
    return out


def row(name, ms, size=None, files=None):
    ms = sorted(ms)
    med = statistics.median(ms)
    rate = f"{size / 1e6 / (med / 1000):8.0f} MB/s" if size else " " * 13
    frate = f"{files / (med / 1000):9.0f} files/s" if files else ""
    print(f"| {name:<48} | {med:9.1f} | {ms[0]:8.1f} .. {ms[-1]:8.1f} | {rate} {frate} |")


def busybox_rootfs(d):
    for sub in ("bin", "proc", "sys", "dev", "etc", "tmp"):
        os.makedirs(os.path.join(d, sub), exist_ok=True)
    shutil.copy("/bin/busybox", d + "/bin/busybox")
    for applet in subprocess.run(["/bin/busybox", "--list"], capture_output=True, text=True).stdout.split():
        if applet != "busybox":
            os.symlink("busybox", d + "/bin/" + applet)


def java(*args):
    cp = f"{REPO}/lab-app/target/glassbox.jar:{REPO}/lab-app/target/lib/*"
    out = subprocess.run([os.path.join(JAVA_HOME, "bin", "java"), "--enable-native-access=ALL-UNNAMED", "-cp", cp,
                          f"{REPO}/bench/storage/StorageBench.java", *args], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit("bench: the JVM side failed:\n" + out.stderr)
    return out.stdout.split("\n")


def main():
    if os.geteuid() != 0:
        sys.exit("bench: run as root (sudo)")
    work = tempfile.mkdtemp(prefix="glassbox-storage-bench-")
    try:
        # the sample: a busybox root plus SOURCE_DIR under /opt/sample, as one layer
        root = work + "/rootfs"
        busybox_rootfs(root)
        shutil.copytree(SOURCE, root + "/opt/sample", symlinks=True)
        sh("tar", "-C", root, "-cf", work + "/layer.tar", ".")
        sh("sh", "-c", f"gzip -1 -c {work}/layer.tar > {work}/layer.tar.gz")
        size = int(subprocess.run(["du", "-sb", root], capture_output=True, text=True).stdout.split()[0])
        files = int(subprocess.run(["sh", "-c", f"find {root} | wc -l"], capture_output=True, text=True).stdout)
        print(f"sample layer: {SOURCE} + busybox, {size / 1e6:.0f} MB in {files} entries; {REPS} reps each, median;"
              f" {os.cpu_count()} CPUs\n")
        print(f"| {'what':<48} | {'median ms':>9} | {'min .. max ms':>20} | {'throughput':<27}|")
        print(f"|{'-' * 50}|{'-' * 11}|{'-' * 22}|{'-' * 28}|")

        # 1. unpack
        for label, archive, flag in (("plain", "layer.tar", "-xf"), ("gzip", "layer.tar.gz", "-xzf")):
            def untar():
                d = work + "/tar-x"
                os.makedirs(d)
                sh("tar", "-C", d, flag, work + "/" + archive)
                shutil.rmtree(d)
            untar()  # warm the page cache
            row(f"tar {flag} ({label})", timed_ms(untar, REPS), size, files)
            out = java("unpack", work + "/" + archive, work, str(REPS))
            ms = [int(l.split()[1]) / 1000 for l in out if l.startswith("unpack ")]
            row(f"LayerUnpacker.unpack ({label})", ms, size, files)

        # 2. the container's root: overlay mount vs a full copy, and a whole Glassbox start
        out = java("start", work + "/layer.tar", work + "/engine", str(REPS * 4))
        lower = [l.split(" ", 1)[1] for l in out if l.startswith("lower ")][0]
        starts = [int(l.split()[1]) / 1000 for l in out if l.startswith("start ")]

        def overlay():
            d = work + "/ovl"
            for s in ("upper", "work", "merged"):
                os.makedirs(f"{d}/{s}")
            sh("mount", "-t", "overlay", "overlay", "-o", f"lowerdir={lower},upperdir={d}/upper,workdir={d}/work", d + "/merged")
            sh("umount", d + "/merged")
            shutil.rmtree(d)

        def copy():
            sh("cp", "-a", lower, work + "/copy")
            shutil.rmtree(work + "/copy")

        row("mount -t overlay + umount (the container root)", timed_ms(overlay, REPS * 4))
        row("cp -a of the rootfs + rm (a full copy)", timed_ms(copy, REPS), size, files)
        row("glassbox container start on overlay (create..rm)", starts)
    finally:
        subprocess.run(["umount", "-R", work + "/engine/lib"], stderr=subprocess.DEVNULL)
        subprocess.run(["umount", work + "/ovl/merged"], stderr=subprocess.DEVNULL)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
