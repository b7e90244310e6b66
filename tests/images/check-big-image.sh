#!/bin/bash
# check-big-image.sh: win2019-big-x64.img is win2019-x64.img with hives of real size.  One
# guestfish session holds both disks (nothing here inspects drive letters, so their shared GUIDs
# do not matter): libguestfs still inspects the big guest, the hives have the sizes of a real
# Server 2019's, every key and value of win2019's hives is in the big ones unchanged, and hivex
# can walk every key and value of them.  Expected values come from the .reg text in reg/.
. "$WINSEED_TESTS_SRCDIR/functions.sh"
set -e

for tool in guestfish hivexget hivexml perl; do
  requires command -v "$tool"
done
requires perl -MWin::Hivex -e 1

regdir=$WINSEED_TESTS_SRCDIR/images/reg
small=$(image win2019-x64)
big=$(image win2019-big-x64)
tmp=$(scratch_dir)
MiB=1048576
config=/Windows/System32/config

# reg_string FILE KEY-SUFFIX NAME: a string value written in a .reg file.
reg_string () {
  perl -ne '
    BEGIN { ($suffix, $name) = splice @ARGV, 1 }
    s/\r?\n$//;
    if (/^\[(.*)\]$/) { $in = lc (substr ($1, -length $suffix)) eq lc $suffix; next }
    if ($in && /^"([^"]*)"="(.*)"$/ && lc $1 eq lc $name) { ($v = $2) =~ s/\\(.)/$1/g; print "$v\n"; exit }
  ' "$@"
}

gf_start --ro --format=raw -a "$small" -a "$big"

# libguestfs (its own hivex, in the appliance) inspects the big guest as it does the small one.
roots=$(gf inspect-os)
assert_contains "inspect-os roots" /dev/sdb3 "$roots"
assert_eq "big image product name" "$(reg_string "$regdir/win2019-software.reg" 'Windows NT\CurrentVersion' ProductName)" \
  "$(gf inspect-get-product-name /dev/sdb3)"
assert_eq "big image hostname" "$(reg_string "$regdir/win2019-system.reg" 'ComputerName\ComputerName' ComputerName)" \
  "$(gf inspect-get-hostname /dev/sdb3)"

# The sizes of a real Windows Server 2019's hives (MiB): at least, and at most.
declare -A min=([SYSTEM]=12 [SOFTWARE]=100 [DRIVERS]=3) max=([SYSTEM]=16 [SOFTWARE]=130 [DRIVERS]=5)
for dev in sda3 sdb3; do
  gf mount-ro "/dev/$dev" /
  for h in SYSTEM SOFTWARE DRIVERS; do
    gf download "$config/$h" "$tmp/$dev-$h"
    if [ "$dev" = sdb3 ]; then
      size=$(gf filesize "$config/$h")
      [ "$size" -ge $((min[$h] * MiB)) ] && [ "$size" -le $((max[$h] * MiB)) ] ||
        fail "$h of win2019-big-x64 is $size bytes, not ${min[$h]}-${max[$h]} MiB"
      assert_eq "$h downloaded size" "$size" "$(stat -c %s "$tmp/$dev-$h")"
    fi
  done
  gf umount /
done
gf_stop

# Known keys of the image's .reg text read back from the big hives.
assert_eq "big SYSTEM ComputerName" \
  "$(reg_string "$regdir/win2019-system.reg" 'ComputerName\ComputerName' ComputerName)" \
  "$(hivexget "$tmp/sdb3-SYSTEM" 'ControlSet001\Control\ComputerName\ComputerName' ComputerName)"
assert_eq "big SOFTWARE ProductName" \
  "$(reg_string "$regdir/win2019-software.reg" 'Windows NT\CurrentVersion' ProductName)" \
  "$(hivexget "$tmp/sdb3-SOFTWARE" 'Microsoft\Windows NT\CurrentVersion' ProductName)"
assert_eq "big DRIVERS vmxnet3 Provider" \
  "$(reg_string "$regdir/drivers-vmxnet3-oem0.reg" 'vmxnet3.inf_amd64_84f789b1d4e21d32' Provider)" \
  "$(hivexget "$tmp/sdb3-DRIVERS" 'DriverDatabase\DriverPackages\vmxnet3.inf_amd64_84f789b1d4e21d32' Provider)"

# Every key and value of the small hives is in the big ones, with the same type and data, and no
# key of the small hives gained a value.
for h in SYSTEM SOFTWARE DRIVERS; do
  perl -MWin::Hivex -e '
    my ($s, $b) = map { Win::Hivex->open ($_) } @ARGV;
    my $n = 0;
    sub walk {
      my ($sn, $bn, $path) = @_;
      $n++;
      my %bv = map { lc $b->value_key ($_) => $_ } $b->node_values ($bn);
      my @sv = $s->node_values ($sn);
      die "$path: has " . keys (%bv) . " values, not " . @sv . "\n" if keys %bv != @sv;
      for my $v (@sv) {
        my $name = $s->value_key ($v);
        my $w = $bv{lc $name} // die "$path: no value \"$name\"\n";
        my ($t1, $d1) = $s->value_value ($v);
        my ($t2, $d2) = $b->value_value ($w);
        die "$path: value \"$name\" differs\n" unless $t1 == $t2 && $d1 eq $d2;
      }
      for my $c ($s->node_children ($sn)) {
        my $name = $s->node_name ($c);
        my $bc = $b->node_get_child ($bn, $name) // die "$path\\$name: missing\n";
        walk ($c, $bc, "$path\\$name");
      }
    }
    walk ($s->root, $b->root, "");
    die "no keys compared\n" if $n < 10;
  ' "$tmp/sda3-$h" "$tmp/sdb3-$h" || fail "$h: win2019's keys and values are not all in win2019-big's"
  hivexml "$tmp/sdb3-$h" > /dev/null || fail "$h of win2019-big-x64: hivexml cannot walk it"
done
for h in SYSTEM SOFTWARE DRIVERS; do stat -c "$h %s" "$tmp/sdb3-$h"; done |
  awk '{ printf "%s%s %.1f MiB", (NR > 1 ? ", " : "win2019-big-x64 hives: "), $1, $2 / 1048576 } END { print "" }'
