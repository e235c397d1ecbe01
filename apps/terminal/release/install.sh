#!/usr/bin/env bash
# Installs the Webroster terminal from this unpacked release archive.
#
#   sudo ./install.sh                  # on the Raspberry Pi
#   ./install.sh --root /tmp/scratch   # lay the files into a scratch root (tests, images)
#
# Steps: check Node >= 22.13; copy the bundle to /opt/webroster and install its native GPIO and I2C
# addons with npm; create the groups gpio, i2c, dialout and the system user webroster in them; install
# the systemd unit (with the Node path found here), the polkit rule that lets that user reboot, and
# /etc/webroster/terminal.env and terminal.json from the examples unless they exist; enable the unit.
# With --root (or DESTDIR) every path is under that root, accounts are written to its /etc, the unit
# is enabled with `systemctl --root` and nothing is started.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="${DESTDIR:-}"
addons=1
start=1
usage() {
  sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
  echo
  echo "Options: --root DIR (or DESTDIR=DIR)  --skip-addons (no npm install)  --no-start  --help"
  echo "Environment: NODE=/path/to/node (default: node on PATH)"
}
while [ $# -gt 0 ]; do
  case "$1" in
    --root) root="${2:?--root needs a directory}"; shift 2 ;;
    --root=*) root="${1#--root=}"; shift ;;
    --skip-addons) addons=0; shift ;;
    --no-start) start=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "install.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
root="${root%/}"
say() { echo "install.sh: $*"; }
fail() { echo "install.sh: $*" >&2; exit 1; }

# 1. Node: the bundle needs node:sqlite without a flag, which came with 22.13.
node="${NODE:-$(command -v node || true)}"
[ -n "$node" ] || fail "Node.js 22.13 or newer is required and none is on PATH; install Node 22 LTS (e.g. NodeSource's nodejs package or nvm), or set NODE=/path/to/node"
node="$(readlink -f "$node" 2>/dev/null || echo "$node")"
version="$("$node" --version 2>/dev/null || true)"
if ! [[ "$version" =~ ^v([0-9]+)\.([0-9]+) ]] || (( BASH_REMATCH[1] < 22 || (BASH_REMATCH[1] == 22 && BASH_REMATCH[2] < 13) )); then
  fail "Node.js 22.13 or newer is required, found ${version:-nothing} at $node (Debian's own nodejs is too old); install Node 22 LTS, or set NODE=/path/to/node"
fi
say "Node $version at $node"

user=webroster
groups=(gpio i2c dialout)
opt="$root/opt/webroster"
etc="$root/etc/webroster"
units="$root/etc/systemd/system"
rules="$root/etc/polkit-1/rules.d"

# 2. The bundle and its native addons.
install -d -m 0755 "$opt" "$etc" "$units" "$rules"
install -m 0755 "$here/terminal.mjs" "$opt/terminal.mjs"
install -m 0644 "$here/package.json" "$opt/package.json"
if [ "$addons" = 1 ]; then
  command -v npm >/dev/null || fail "npm is missing (it comes with Node.js); it installs the GPIO and I2C addons"
  if ! command -v make >/dev/null || ! command -v g++ >/dev/null; then
    say "warning: no make/g++: if npm finds no prebuilt addon it cannot build one (apt-get install build-essential python3)"
  fi
  say "installing the native addons (onoff, i2c-bus, serialport) with npm in $opt"
  (cd "$opt" && npm install --omit=dev --no-audit --no-fund --no-package-lock)
fi

# 3. Groups and the service user, in this root's account files.
prefix=()
if [ -n "$root" ]; then
  prefix=(--prefix "$root")
  for f in passwd group shadow gshadow; do [ -e "$root/etc/$f" ] || install -m 0600 /dev/null "$root/etc/$f"; done
  chmod 0644 "$root/etc/passwd" "$root/etc/group"
fi
has_group() { grep -q "^$1:" "$root/etc/group"; }
for g in "${groups[@]}"; do
  has_group "$g" || { groupadd "${prefix[@]}" --system "$g"; say "created group $g"; }
done
members="$(IFS=,; echo "${groups[*]}")"
if grep -q "^$user:" "$root/etc/passwd"; then
  usermod "${prefix[@]}" --append --groups "$members" "$user"
else
  useradd "${prefix[@]}" --system --user-group --no-create-home --home-dir /var/lib/webroster \
    --shell /usr/sbin/nologin --groups "$members" "$user"
  say "created user $user in $members"
fi

# 4. Settings (kept on upgrade), the unit with this Node, the reboot rule.
for f in terminal.env terminal.json; do
  if [ -e "$etc/$f" ]; then
    say "kept /etc/webroster/$f"
  else
    install -m 0640 "$here/$f.example" "$etc/$f"
    say "wrote /etc/webroster/$f from the example: edit it (SERVER_URL, timeZone = the server's zone)"
  fi
done
chown "root:$(grep "^$user:" "$root/etc/group" | cut -d: -f3)" "$etc/terminal.env" "$etc/terminal.json" 2>/dev/null || true
sed "s#^ExecStart=/usr/bin/env node #ExecStart=$node #" "$here/webroster-terminal.service" >"$units/webroster-terminal.service"
chmod 0644 "$units/webroster-terminal.service"
install -m 0644 "$here/50-webroster-terminal.rules" "$rules/50-webroster-terminal.rules"

# 5. Enable (and on the device itself, start).
if [ -n "$root" ]; then
  systemctl --root="$root" enable webroster-terminal.service
  say "installed into $root (not started)"
else
  systemctl daemon-reload
  if [ "$start" = 1 ]; then
    systemctl enable --now webroster-terminal.service
    say "started: journalctl -u webroster-terminal -f"
  else
    systemctl enable webroster-terminal.service
  fi
fi
