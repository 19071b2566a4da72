"""The virtual board: one QEMU process (TCG), its QMP socket, its serial console (a file) and the
root shell on its second serial port. Used by steps.py; no third-party modules."""
import json
import os
import re
import shutil
import socket
import subprocess
import time

QEMU = "qemu-system-x86_64"
WIDTH, HEIGHT = 1280, 720
DISPLAYS = {
    "bochs": ["-device", f"bochs-display,xres={WIDTH},yres={HEIGHT}"],
    "virtio": ["-device", f"virtio-gpu-pci,xres={WIDTH},yres={HEIGHT}"],
    "none": [],
}


def _die_with_parent():
    """QEMU gets SIGKILL when the test process dies (a CI timeout leaves no board running)."""
    import ctypes
    import signal
    ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


class BoardError(Exception):
    pass


class QMP:
    """A synchronous QMP client: one command at a time, events kept in self.events."""

    def __init__(self, path, timeout=30):
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                self.sock.connect(path)
                break
            except OSError:
                self.sock.close()
                if time.monotonic() > deadline:
                    raise BoardError(f"QMP socket {path} did not open")
                time.sleep(0.1)
        self.sock.settimeout(60)
        self.buf = b""
        self.events = []
        self._read()  # greeting
        self.cmd("qmp_capabilities")

    def _read(self):
        while b"\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise BoardError("QMP connection closed")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return json.loads(line)

    def cmd(self, name, **args):
        msg = {"execute": name}
        if args:
            msg["arguments"] = args
        self.sock.sendall(json.dumps(msg).encode() + b"\n")
        while True:
            r = self._read()
            if "event" in r:
                self.events.append(r)
                continue
            if "error" in r:
                raise BoardError(f"QMP {name}: {r['error'].get('desc')}")
            return r.get("return")

    def wait_event(self, name, timeout=30):
        deadline = time.monotonic() + timeout
        while True:
            for i, e in enumerate(self.events):
                if e["event"] == name:
                    return self.events.pop(i)
            left = deadline - time.monotonic()
            if left <= 0:
                raise BoardError(f"QMP event {name} did not come in {timeout} s")
            self.sock.settimeout(left)
            try:
                r = self._read()
            except socket.timeout:
                continue
            finally:
                self.sock.settimeout(60)
            if "event" in r:
                self.events.append(r)

    def close(self):
        self.sock.close()


class Board:
    """One boot of the virtual board from disk (a qcow2 file). display: bochs, virtio or none."""

    def __init__(self, work, name, disk, kernel, initrd, display="bochs", log=print):
        self.work, self.name, self.disk = work, name, disk
        self.kernel, self.initrd, self.display = kernel, initrd, display
        self.log = log
        self.proc = None
        self.qmp = None
        self.console = os.path.join(work, f"{name}.console.log")
        self.qmp_path = os.path.join(work, f"{name}.qmp")
        self.sh_path = os.path.join(work, f"{name}.sh")
        self.nonce = 0
        self.boots = 0
        self.attached = False

    def start(self):
        for p in (self.qmp_path, self.qmp_path + "-hand", self.sh_path):
            if os.path.exists(p):
                os.unlink(p)
        self.boots += 1
        console = self.console if self.boots == 1 else self.console.replace(".console.log",
                                                                           f".boot{self.boots}.console.log")
        argv = [QEMU, "-nodefaults", "-accel", "tcg,thread=multi", "-cpu", "max", "-smp", "2", "-m", "1024",
                "-display", "none", "-vga", "none", *DISPLAYS[self.display],
                "-kernel", self.kernel, "-initrd", self.initrd,
                "-append", "root=/dev/vda ro console=ttyS0 net.ifnames=0 systemd.show_status=1 "
                           "systemd.journald.forward_to_console=0 rootwait",
                "-drive", f"file={self.disk},format=qcow2,if=virtio",
                "-chardev", f"file,id=con,path={console}", "-serial", "chardev:con",
                "-chardev", f"socket,id=sh,path={self.sh_path},server=on,wait=off", "-serial", "chardev:sh",
                "-qmp", f"unix:{self.qmp_path},server=on,wait=off",
                "-qmp", f"unix:{self.qmp_path}-hand,server=on,wait=off",  # for a person or attach()
                "-device", "qemu-xhci,id=xhci", "-nic", "none"]
        self.t_start = time.monotonic()
        with open(os.path.join(self.work, f"{self.name}.qemu.log"), "a") as err:
            self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=err, stderr=err,
                                         preexec_fn=_die_with_parent)
        self.qmp = QMP(self.qmp_path)
        return self

    def since_start(self):
        return time.monotonic() - self.t_start

    def running(self):
        if self.attached:
            return os.path.exists(self.qmp_path + "-hand")
        return self.proc is not None and self.proc.poll() is None

    def attach(self):
        """Talks to a board that another process started (by hand: see README.md)."""
        self.attached = True
        self.qmp = QMP(self.qmp_path + "-hand", timeout=5)
        return self

    def kill9(self):
        """The power cut: SIGKILL to QEMU, no flush, no shutdown."""
        if self.proc:
            self.proc.kill()
            self.proc.wait()
        if self.qmp:
            self.qmp.close()
        self.proc = self.qmp = None

    def stop(self):
        if not self.running():
            self.proc = None
            return
        try:
            self.qmp.cmd("quit")
            self.proc.wait(timeout=10)
        except Exception:
            pass
        self.kill9()

    # --- the root shell on ttyS1 -------------------------------------------------------------
    def sh(self, cmd, timeout=60, check=True):
        """Runs cmd in the guest's root shell; returns (status, output). Raises when check and
        status != 0, or when no answer comes within timeout."""
        self.nonce += 1
        n = self.nonce
        begin, end = f"@@B{n}@@", re.compile(rf"@@E{n}@@ (\d+)\n".encode())
        line = (f"printf '\\n%s\\n' '@@B{n}''@@'; {{ {cmd}\n}} </dev/null 2>&1; "
                f"printf '\\n%s %s\\n' '@@E{n}''@@' $?\n")
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            s.connect(self.sh_path)
            s.sendall(line.encode())
            s.settimeout(1)
            buf = b""
            deadline = time.monotonic() + timeout
            while True:
                m = end.search(buf)
                if m:
                    break
                if time.monotonic() > deadline:
                    raise BoardError(f"guest shell: no answer in {timeout} s to: {cmd}")
                if not self.running():
                    raise BoardError("QEMU exited")
                try:
                    chunk = s.recv(65536)
                except socket.timeout:
                    continue
                if not chunk:
                    raise BoardError("guest shell socket closed")
                buf += chunk
        finally:
            s.close()
        text = buf.decode("utf-8", "replace").replace("\r", "")
        start = text.find(begin + "\n")
        out = text[start + len(begin) + 1:] if start >= 0 else text
        out = out[:out.rfind(f"@@E{n}@@")].rstrip("\n")
        status = int(m.group(1))
        if check and status != 0:
            raise BoardError(f"guest command failed ({status}): {cmd}\n{out}")
        return status, out

    def wait_shell(self, timeout=240):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.running():
                raise BoardError(f"QEMU exited during boot (see {self.console})")
            try:
                self.sh("true", timeout=3)
                return self.since_start()
            except (BoardError, OSError):
                time.sleep(1)
        raise BoardError(f"the guest shell did not answer within {timeout} s (see {self.console})")

    def wait_for(self, what, cmd, timeout=120, every=1.0):
        """Repeats cmd in the guest until it exits 0; returns its output."""
        deadline = time.monotonic() + timeout
        while True:
            st, out = self.sh(cmd, check=False)
            if st == 0:
                return out
            if time.monotonic() > deadline:
                raise BoardError(f"timed out after {timeout} s waiting for {what}; last output:\n{out}")
            time.sleep(every)

    # --- the screen ---------------------------------------------------------------------------
    def screendump(self, path_ppm):
        self.qmp.cmd("screendump", filename=path_ppm)
        return path_ppm

    # --- USB ----------------------------------------------------------------------------------
    def usb_plug(self, image, ident="stick"):
        self.qmp.cmd("blockdev-add", **{"node-name": f"{ident}-node", "driver": "raw",
                                         "file": {"driver": "file", "filename": image}})
        self.qmp.cmd("device_add", driver="usb-storage", id=ident, drive=f"{ident}-node", bus="xhci.0",
                     removable=True)

    def usb_unplug(self, ident="stick"):
        self.qmp.cmd("device_del", id=ident)
        self.qmp.wait_event("DEVICE_DELETED", timeout=30)
        self.qmp.cmd("blockdev-del", **{"node-name": f"{ident}-node"})


def read_ppm(path):
    """(width, height, bytes RGB) of a binary PPM (P6, maxval 255)."""
    with open(path, "rb") as f:
        data = f.read()
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos) + 1
            continue
        m = re.match(rb"\S+", data[pos:])
        fields.append(m.group(0))
        pos += len(m.group(0))
    pos += 1
    if fields[0] != b"P6" or fields[3] != b"255":
        raise BoardError(f"{path}: not an 8-bit P6 PPM")
    w, h = int(fields[1]), int(fields[2])
    return w, h, data[pos:pos + w * h * 3]


def to_ppm(png, ppm):
    subprocess.run(["convert", png, "-alpha", "off", "-depth", "8", f"ppm:{ppm}"], check=True)


def to_png(ppm, png):
    subprocess.run(["convert", ppm, png], check=True)


def differing_rows(a, b, w, h, tol=16):
    """Rows of two same-size RGB pictures where some channel differs by more than tol."""
    rows = []
    stride = w * 3
    for y in range(h):
        ra, rb = a[y * stride:(y + 1) * stride], b[y * stride:(y + 1) * stride]
        if ra != rb and any(abs(x - z) > tol for x, z in zip(ra, rb)):
            rows.append(y)
    return rows


def count_diff(a, b, w, h, rows, tol=16):
    """Pixels (in the given rows) where some channel differs by more than tol."""
    n = 0
    stride = w * 3
    for y in rows:
        ra, rb = a[y * stride:(y + 1) * stride], b[y * stride:(y + 1) * stride]
        if ra == rb:
            continue
        for x in range(0, stride, 3):
            if (abs(ra[x] - rb[x]) > tol or abs(ra[x + 1] - rb[x + 1]) > tol or abs(ra[x + 2] - rb[x + 2]) > tol):
                n += 1
    return n


def have(tool):
    return shutil.which(tool) is not None


def main(argv):
    """By hand: boot | sh CMD | screendump FILE.png | plug IMAGE | unplug | kill9 (see README.md)."""
    import argparse
    ap = argparse.ArgumentParser(prog="vboard.py", description=main.__doc__)
    ap.add_argument("--work", default=os.environ.get("VBOARD_WORK", "."))
    ap.add_argument("--name", default="manual")
    ap.add_argument("--disk")
    ap.add_argument("--base", help="build-image.sh's folder (vmlinuz, initrd.img)")
    ap.add_argument("--display", default="bochs", choices=sorted(DISPLAYS))
    ap.add_argument("what")
    ap.add_argument("args", nargs="*")
    a = ap.parse_args(argv)
    base = a.base or ""
    b = Board(a.work, a.name, a.disk, os.path.join(base, "vmlinuz"), os.path.join(base, "initrd.img"), a.display)
    if a.what == "boot":
        import signal
        signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
        b.start()
        print(f"booting; console {b.console}; shell ready after {b.wait_shell():.1f} s; Ctrl-C stops", flush=True)
        try:
            b.proc.wait()
        except KeyboardInterrupt:
            b.stop()
        return 0
    b.attach()
    if a.what == "sh":
        st, out = b.sh(" ".join(a.args), check=False, timeout=300)
        print(out)
        return st
    if a.what == "screendump":
        ppm = a.args[0] + ".ppm"
        b.screendump(os.path.abspath(ppm))
        to_png(ppm, a.args[0])
        os.unlink(ppm)
        return 0
    if a.what == "plug":
        b.usb_plug(os.path.abspath(a.args[0]))
        return 0
    if a.what == "unplug":
        b.usb_unplug()
        return 0
    if a.what == "quit":
        b.qmp.cmd("quit")
        return 0
    ap.error(f"unknown command {a.what}")


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv[1:]))
