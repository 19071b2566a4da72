#!/usr/bin/env python3
"""fleet: three real Syncthing instances on 127.0.0.1 (an office and two screens, each with its own
home and ports chosen free at run time; GUI and listen on 127.0.0.1 only; global and local discovery,
relays, NAT, upgrades, usage and crash reporting off), devices and folders configured through
Syncthing's config and REST API, and two `lobbysign play` under one Xvfb (-displayfd):

  office/bundles (send-only)  ->  screen-N/inbox (receive-only)
  screen-N/state (send-only)  ->  office/collected/screen-N (receive-only)

A signed bundle dropped into the office folder plays on both screens; one signed by a stranger is
refused on both; the office's collected folders then hold each screen's status.json, proof of play
and now.png; `lobbysign fleet` lists both with the new version and writes the page, which headless
Chromium screenshots (LOBBYSIGN_FLEET_KEEP=DIR keeps fleet.html and fleet.png there).

Usage: fleet.py LOBBYSIGN SRCDIR. Exit 0 pass, 1 fail, 77 skip (a program missing; a failure under
CI=true). Bounded: every wait has a deadline and the whole run stops itself after 170 s; every
process it started is stopped at the end."""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import xml.etree.ElementTree as ET

T0 = time.monotonic()
ASAN = False
LIMIT_S = 170
procs = []
failed = []


def log(msg):
    print(f"fleet [{time.monotonic() - T0:6.1f} s] {msg}", flush=True)


def ok(msg):
    log("ok: " + msg)


def bad(msg):
    log("FAILED: " + msg)
    failed.append(msg)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(args, env=None, out=None):
    p = subprocess.Popen(args, env=env, stdout=out or subprocess.DEVNULL, stderr=subprocess.STDOUT,
                         start_new_session=True)
    procs.append(p)
    return p


def stop_all():
    for p in reversed(procs):
        if p.poll() is None:
            try:
                os.killpg(p.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
    for p in reversed(procs):
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()


def wait_until(what, fn, seconds):
    """Polls fn() until true or seconds pass (and never past the whole run's limit)."""
    end = min(time.monotonic() + seconds, T0 + LIMIT_S)
    while time.monotonic() < end:
        v = fn()
        if v:
            return v
        time.sleep(0.2)
    bad(f"gave up waiting for {what}")
    return None


def read_json(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


class Syncthing:
    def __init__(self, root, name):
        self.name = name
        self.home = os.path.join(root, "st-" + name)
        self.gui = free_port()
        self.listen = free_port()
        self.key = "lobbysign-fleet-" + name
        env = dict(os.environ, STNODEFAULTFOLDER="1", STNOUPGRADE="1", HOME=self.home)
        subprocess.run(["syncthing", "generate", "--home=" + self.home, "--no-default-folder"], env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        self.config_file(env)
        self.proc = start(["syncthing", "serve", "--home=" + self.home, "--no-browser", "--no-restart",
                           "--no-upgrade", "--gui-address=http://127.0.0.1:%d" % self.gui,
                           "--gui-apikey=" + self.key, "--logfile=" + os.path.join(self.home, "log.txt")], env=env)
        self.id = None

    def config_file(self, env):
        """Loopback only, nothing announced or relayed, no upgrades or reports: in config.xml before the start."""
        path = os.path.join(self.home, "config.xml")
        tree = ET.parse(path)
        root = tree.getroot()
        gui = root.find("gui")
        gui.find("address").text = "127.0.0.1:%d" % self.gui
        opts = root.find("options")
        def setopt(tag, value):
            for old in opts.findall(tag):
                opts.remove(old)
            e = ET.SubElement(opts, tag)
            e.text = value
        setopt("listenAddress", "tcp://127.0.0.1:%d" % self.listen)
        for tag, value in (("globalAnnounceEnabled", "false"), ("localAnnounceEnabled", "false"),
                           ("relaysEnabled", "false"), ("natEnabled", "false"), ("urAccepted", "-1"),
                           ("autoUpgradeIntervalH", "0"), ("crashReportingEnabled", "false"),
                           ("startBrowser", "false"), ("announceLANAddresses", "false")):
            setopt(tag, value)
        tree.write(path)

    def rest(self, method, path, body=None):
        req = urllib.request.Request("http://127.0.0.1:%d%s" % (self.gui, path), method=method,
                                     data=json.dumps(body).encode() if body is not None else None,
                                     headers={"X-API-Key": self.key, "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as r:
            data = r.read()
            return json.loads(data) if data else None

    def ready(self):
        try:
            self.id = self.rest("GET", "/rest/system/status")["myID"]
            return True
        except (OSError, ValueError, KeyError):
            return False

    def add_device(self, other):
        self.rest("POST", "/rest/config/devices", {"deviceID": other.id, "name": other.name,
                                                    "addresses": ["tcp://127.0.0.1:%d" % other.listen],
                                                    "autoAcceptFolders": False})

    def add_folder(self, fid, path, kind, devices):
        os.makedirs(path, exist_ok=True)
        self.rest("POST", "/rest/config/folders", {
            "id": fid, "label": fid, "path": path, "type": kind,
            "devices": [{"deviceID": d.id} for d in devices],
            "fsWatcherEnabled": True, "fsWatcherDelayS": 1, "rescanIntervalS": 10,
            # The files keep the receiving user's umask: the service user reads what the sync user wrote.
            "ignorePerms": True})


def make_content(src, dst, title):
    shutil.copytree(os.path.join(src, "playlists"), dst)
    path = os.path.join(dst, "lobby.json")
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    doc.pop("schedule", None)  # whatever the hour of the run
    doc["title"] = title
    for s in doc["slides"]:
        s["duration"] = 2
        if s.get("title"):
            s["title"] = title  # seen on the screens and in the fleet page's pictures
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
    os.remove(os.path.join(dst, "lobby-portrait.json"))


def bundle(lobbysign, content, out, key):
    os.makedirs(out, exist_ok=True)
    zip_ = os.path.join(out, "lobbysign.zip")
    subprocess.run([lobbysign, "bundle", content, "-o", zip_, "--sign", key], check=True, stdout=subprocess.DEVNULL,
                   env=dict(os.environ, LOBBYSIGN_CONFIG=""))
    return zip_


def drop(bundle_dir, folder):
    """As an operator's copy would: each file under a temporary name, then renamed into place."""
    for name in ("lobbysign.zip", "lobbysign.zip.minisig"):
        tmp = os.path.join(folder, ".part-" + name)
        shutil.copyfile(os.path.join(bundle_dir, name), tmp)
        os.replace(tmp, os.path.join(folder, name))


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    lobbysign, src = os.path.abspath(sys.argv[1]), sys.argv[2]
    missing = [p for p in ("syncthing", "Xvfb", "minisign", "chromium") if not shutil.which(p)]
    global ASAN
    ldd = subprocess.run(["ldd", lobbysign], capture_output=True, text=True).stdout
    ASAN = "libasan" in ldd
    if missing:
        msg = "fleet: SKIP: not installed: %s (scripts/install-deps.sh --fleet)" % ", ".join(missing)
        print(msg)
        return 1 if os.environ.get("CI") == "true" else 77
    root = tempfile.mkdtemp(prefix="lobbysign-fleet-")
    try:
        return run(lobbysign, src, root)
    finally:
        stop_all()
        shutil.rmtree(root, ignore_errors=True)


def run(lobbysign, src, root):
    # Keys: the operator's (trusted by both screens) and a stranger's.
    keys = os.path.join(root, "keys")
    os.makedirs(keys)
    for who in ("operator", "stranger"):
        subprocess.run(["minisign", "-G", "-W", "-p", os.path.join(root, who + ".pub"), "-s",
                        os.path.join(root, who + ".key")], check=True, stdout=subprocess.DEVNULL)
    shutil.copy(os.path.join(root, "operator.pub"), keys)
    with open(os.path.join(root, "operator.pub")) as f:
        keyid_line = f.readline()
    # The bundles: new content signed by the operator; other content signed by the stranger.
    make_content(src, os.path.join(root, "content-v1"), "舰队测试：新内容 v1")
    make_content(src, os.path.join(root, "content-x"), "陌生人的内容")
    bundle(lobbysign, os.path.join(root, "content-v1"), os.path.join(root, "b-v1"), os.path.join(root, "operator.key"))
    bundle(lobbysign, os.path.join(root, "content-x"), os.path.join(root, "b-x"), os.path.join(root, "stranger.key"))
    ok("bundles signed: the operator's and a stranger's (%s)" % keyid_line.strip()[:60])

    office = Syncthing(root, "office")
    screens = [Syncthing(root, "screen-1"), Syncthing(root, "screen-2")]
    for st in [office] + screens:
        if not wait_until("syncthing %s's REST API" % st.name, st.ready, 30):
            return 1
    ok("three Syncthing instances up on 127.0.0.1 (GUI ports %s)" % ", ".join(str(s.gui) for s in [office] + screens))
    obase = os.path.join(root, "office")
    for s in screens:
        office.add_device(s)
        s.add_device(office)
    office.add_folder("bundles", os.path.join(obase, "bundles"), "sendonly", screens)
    for s in screens:
        base = os.path.join(root, s.name)
        s.add_folder("bundles", os.path.join(base, "inbox"), "receiveonly", [office])
        s.add_folder("status-" + s.name, os.path.join(base, "state"), "sendonly", [office])
        office.add_folder("status-" + s.name, os.path.join(obase, "collected", s.name), "receiveonly", [s])
    ok("devices and folders configured through the REST API")

    # One X server for both players.
    rfd, wfd = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(wfd), "-screen", "0", "1400x500x24", "-nolisten", "tcp"],
                            pass_fds=(wfd,), stdout=subprocess.DEVNULL,
                            stderr=open(os.path.join(root, "xvfb.log"), "w"), start_new_session=True)
    procs.append(xvfb)
    os.close(wfd)
    keep_open = rfd  # closed at the end: Xvfb may write to it again
    # Xvfb writes the number and then a newline: read to the newline (closing early kills it: EPIPE).
    got = b""
    while not got.endswith(b"\n"):
        chunk = os.read(rfd, 16)
        if not chunk:
            break
        got += chunk
    display = got.decode().strip()
    # Under ASan SDL's X11 path is left out (libdbus and GL drivers leak at exit, not lobbysign): the
    # dummy driver draws the same frames into a window surface.
    # A board's config.json: now.png every 5 s here (the default is a minute) so the test is short.
    cfg = os.path.join(root, "config.json")
    with open(cfg, "w") as f:
        json.dump({"now_png_s": 5}, f)
    env = dict(os.environ, DISPLAY=":" + display, SDL_VIDEODRIVER="dummy" if ASAN else "x11", LOBBYSIGN_CONFIG=cfg,
               LOBBYSIGN_LOG="info")
    env.pop("WAYLAND_DISPLAY", None)
    logs = {}
    for s in screens:
        base = os.path.join(root, s.name)
        os.makedirs(os.path.join(base, "store"), exist_ok=True)
        logs[s.name] = open(os.path.join(base, "play.log"), "w")
        start([lobbysign, "play", "--retry", "--window", "640x360", "--always-on", "--store", os.path.join(base, "store"),
               "--keys", keys, "--mounts", "", "--inbox", os.path.join(base, "inbox"),
               "--state-dir", os.path.join(base, "state"), "--name", s.name], env=env, out=logs[s.name])

    def status(s):
        return read_json(os.path.join(root, s.name, "state", "status.json")) or {}

    if not wait_until("both players' status files", lambda: all(status(s).get("display") == "on" for s in screens), 30):
        for s in screens:
            logs[s.name].flush()
            with open(os.path.join(root, s.name, "play.log"), encoding="utf-8", errors="replace") as f:
                print("---- %s play.log\n%s" % (s.name, f.read()[-3000:]))
            print(status(s))
        with open(os.path.join(root, "xvfb.log")) as f:
            print("---- Xvfb :%s (alive: %s)\n%s" % (display, xvfb.poll() is None, f.read()[-2000:]))
        return 1
    ok("two players drawing under Xvfb :%s" % display)

    # 1. The signed bundle into the office folder: both screens play it.
    t_drop = time.monotonic()
    drop(os.path.join(root, "b-v1"), os.path.join(obase, "bundles"))
    playing, playing_wall = {}, {}

    def both_play():
        for s in screens:
            st = status(s)
            if s.name not in playing and st.get("content_version") == "v1" and \
                    (st.get("playlist_file") or "").startswith(os.path.join(root, s.name, "store", "v1")):
                playing[s.name] = time.monotonic() - t_drop
                playing_wall[s.name] = time.time()
        return len(playing) == len(screens)

    if wait_until("the signed bundle playing on both screens", both_play, 90):
        ok("signed bundle dropped -> playing on both screens: %s" %
           ", ".join("%s %.1f s" % (k, v) for k, v in sorted(playing.items())))
    signer = status(screens[0]).get("signer")

    # 2. The status comes back to the office: status.json with v1, proof of play, now.png.
    collected = {}

    def office_has():
        for s in screens:
            d = os.path.join(obase, "collected", s.name)
            st = read_json(os.path.join(d, "status.json")) or {}
            plays = [f for f in os.listdir(d) if f.startswith("plays-")] if os.path.isdir(d) else []
            png = os.path.join(d, "now.png")
            # The picture of the new content: now.png (Syncthing keeps its time) made after v1 took over.
            if s.name not in collected and st.get("content_version") == "v1" and plays and \
                    os.path.exists(png) and os.path.getmtime(png) >= playing_wall.get(s.name, 1e12) - 1:
                collected[s.name] = time.monotonic() - t_drop
        return len(collected) == len(screens)

    if wait_until("the office's collected status, plays and the new now.png of both screens", office_has, 60):
        ok("status collected at the office (status.json v1, plays-*.jsonl, now.png of v1) %s after the drop" %
           ", ".join("%s %.1f s" % (k, v) for k, v in sorted(collected.items())))

    # 3. A stranger's bundle replaces it in the office folder: refused on both; v1 keeps playing.
    t_x = time.monotonic()
    drop(os.path.join(root, "b-x"), os.path.join(obase, "bundles"))

    def refused():
        return all((status(s).get("last_import") or {}).get("result") == "refused-untrusted-key"
                   and status(s).get("content_version") == "v1" for s in screens)

    if wait_until("the stranger's bundle refused on both screens", refused, 60):
        ok("stranger-signed bundle refused on both screens after %.1f s; v1 still plays" % (time.monotonic() - t_x))

    # 4. The office's view.
    def office_refused():
        return all(((read_json(os.path.join(obase, "collected", s.name, "status.json")) or {}).get("last_import")
                    or {}).get("result") == "refused-untrusted-key" for s in screens)

    wait_until("the refusals collected at the office", office_refused, 40)
    html = os.path.join(root, "fleet.html")
    r = subprocess.run([lobbysign, "fleet", os.path.join(obase, "collected"), "--html", html],
                       capture_output=True, text=True, env=dict(os.environ, LOBBYSIGN_CONFIG=""))
    print(r.stdout, end="")
    rows = [l for l in r.stdout.splitlines() if l.startswith("screen-")]
    if len(rows) == 2 and all(" v1 " in l and (signer or "?") in l and "STALE" not in l for l in rows):
        ok("lobbysign fleet lists both screens playing v1 signed by %s" % signer)
    else:
        bad("lobbysign fleet's table (exit %d): %s" % (r.returncode, r.stdout + r.stderr))
    with open(html, encoding="utf-8") as f:
        page = f.read()
    if page.count("data:image/png;base64,") == 2 and "screen-1" in page and "screen-2" in page:
        ok("the page holds both screens and their pictures")
    else:
        bad("the fleet page lacks a screen or a picture")
    png = os.path.join(root, "fleet.png")
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    "--window-size=1100,900", "--screenshot=" + png, "file://" + html],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60,
                   env=dict(os.environ, HOME=root))
    if os.path.getsize(png) if os.path.exists(png) else 0:
        ok("headless Chromium screenshot of the page: %d bytes" % os.path.getsize(png))
    else:
        bad("no screenshot of the fleet page")
    keep = os.environ.get("LOBBYSIGN_FLEET_KEEP")
    if keep:
        os.makedirs(keep, exist_ok=True)
        for f in (html, png):
            if os.path.exists(f):
                shutil.copy(f, keep)
    for s in screens:
        logs[s.name].flush()
    if failed:
        for st in [office] + screens:
            try:
                conns = st.rest("GET", "/rest/system/connections")["connections"]
                print("---- syncthing %s connections: %s" % (st.name, {k[:7]: v.get("connected") for k, v in conns.items()}))
                for fid in ("bundles", "status-screen-1", "status-screen-2"):
                    try:
                        f = st.rest("GET", "/rest/db/status?folder=" + fid)
                        print("     %s: state %s, need %s, errors %s" % (fid, f.get("state"), f.get("needFiles"), f.get("errors")))
                    except OSError:
                        pass
            except (OSError, ValueError, KeyError) as e:
                print("---- syncthing %s: %s" % (st.name, e))
            with open(os.path.join(st.home, "log.txt"), errors="replace") as f:
                print("".join(f.readlines()[-12:]))
        for s in screens:
            with open(os.path.join(root, s.name, "play.log"), encoding="utf-8", errors="replace") as f:
                print("---- %s play.log (last lines)\n%s" % (s.name, "".join(f.readlines()[-15:])))
    log("%s in %.0f s" % ("FAILED" if failed else "passed", time.monotonic() - T0))
    return 1 if failed else 0


if __name__ == "__main__":
    signal.signal(signal.SIGALRM, lambda *_: (_ for _ in ()).throw(TimeoutError("fleet: the run took over %d s" % LIMIT_S)))
    signal.alarm(LIMIT_S + 10)
    sys.exit(main())
