#!/bin/sh
# Run once in a fresh converge target (ConvergeTargets, through nsenter as root). Docker
# bind-mounts /etc/hosts, /etc/hostname and /etc/resolv.conf into every container, and a
# bind-mounted file cannot be replaced by rename, which is how Ansible writes files: unmount them
# and write what a Debian installer leaves there, so the roles meet a server's /etc.
set -eu
umount /etc/hosts /etc/hostname /etc/resolv.conf
name=$(hostname)
cat > /etc/hosts <<HOSTS
127.0.0.1	localhost
127.0.1.1	$name

# The following lines are desirable for IPv6 capable hosts
::1     localhost ip6-localhost ip6-loopback
ff02::1 ip6-allnodes
ff02::2 ip6-allrouters
HOSTS
echo "$name" > /etc/hostname
: > /etc/resolv.conf
