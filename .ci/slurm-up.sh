#!/usr/bin/env bash
# A one-node SLURM on this machine for test/slurm.test.ts: Debian's slurm-wlm and munge, a
# slurm.conf for this host (all its cores, no cgroups), munged, slurmctld and slurmd started as
# root. Idempotent: a running controller that answers `sinfo` is left as it is.
set -euo pipefail
if sinfo -h >/dev/null 2>&1; then echo "slurm: already up"; exit 0; fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "slurm: needs root (or sudo) to start the daemons" >&2; exit 1; }
  SUDO="sudo"
fi
if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends slurm-wlm munge
fi
host=$(hostname -s)
cpus=$(nproc)
mem=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 - 1024 ))
$SUDO mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm /run/munge /var/lib/munge /var/log/munge
$SUDO tee /etc/slurm/slurm.conf >/dev/null <<CONF
ClusterName=bigstep
SlurmctldHost=$host
SlurmUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
JobRequeue=1
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
SlurmctldTimeout=30
SlurmdTimeout=30
MinJobAge=600
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
[ -s /etc/munge/munge.key ] || $SUDO mungekey --create 2>/dev/null || $SUDO /usr/sbin/create-munge-key -f
$SUDO chown -R root:root /etc/munge /run/munge /var/lib/munge /var/log/munge
$SUDO chmod 700 /etc/munge /var/lib/munge /var/log/munge && $SUDO chmod 600 /etc/munge/munge.key && $SUDO chmod 755 /run/munge
pgrep -x munged >/dev/null || $SUDO munged --force
pgrep -x slurmctld >/dev/null || $SUDO slurmctld
pgrep -x slurmd >/dev/null || $SUDO slurmd
for _ in $(seq 1 60); do
  if sinfo -h -o '%T' 2>/dev/null | grep -qE 'idle|mixed|allocated'; then echo "slurm: up ($host, $cpus cpus)"; exit 0; fi
  sleep 1
done
echo "slurm: the controller did not report an idle node in 60 s" >&2
sinfo >&2 || true
tail -n 20 /var/log/slurm/slurmctld.log /var/log/slurm/slurmd.log >&2 || true
exit 1
