#!/usr/bin/perl
# imgtool.pl: the binary and text pieces of the test image factory that are easier to make in
# Perl than in shell.  Called by make-images.sh; every subcommand writes to stdout or to the file
# it is given and has no other side effect.
#
#   reg [--control-set NAME] FILE...   .reg text in the factory's dialect -> hivexregedit input
#   pe MACHINE SUBSYSTEM [dll]         a headers-only PE image (cmd.exe, *.sys, *.efi stand-ins)
#   elf                                a headers-only x86-64 ELF executable
#   mounted-devices SPEC...            a MountedDevices .reg block
#   populate OPTIONS SYSTEM [DRIVERS]  driver files a Windows tree needs, derived from its hives
#   bitlocker IMAGE OFFSET             stamp a BitLocker volume header on a partition
#
# Dialect of the .reg files (see README): ordinary regedit text as hivexregedit reads it, plus
#   - "Name"=multi_sz:"a","b"   a REG_MULTI_SZ, written out as hex(7) UTF-16LE;
#   - "Name"=qword:0123456789abcdef   a REG_QWORD;
#   - comment lines (;) anywhere, also inside a key's value list;
#   - key paths may name CurrentControlSet, replaced by the control set given with --control-set;
#   - parent keys need not be listed first: missing ancestors are created.
use strict;
use warnings;
use Encode qw(encode decode);

sub usage
{
  die "usage: imgtool.pl reg|pe|elf|mounted-devices|populate|bitlocker ARGS...\n";
}

sub hexbytes
{
  return join ",", map { sprintf "%02x", $_ } unpack "C*", $_[0];
}

# ---- reg ----------------------------------------------------------------------------------

sub unquote_list
{
  my ($s, $where) = @_;
  my @out;
  return @out if $s eq '';
  while (1) {
    $s =~ s/^"((?:[^"\\]|\\.)*)"// or die "$where: bad multi_sz list\n";
    my $v = $1;
    $v =~ s/\\(.)/$1/g;
    push @out, $v;
    last if $s eq '';
    $s =~ s/^,// or die "$where: expected ',' in multi_sz list\n";
  }
  return @out;
}

sub cmd_reg
{
  my $cs;
  if (@_ && $_[0] eq '--control-set') {
    shift;
    $cs = shift // usage ();
  }
  my %declared;
  print "Windows Registry Editor Version 5.00\n\n";
  for my $file (@_) {
    open my $fh, '<', $file or die "$file: $!\n";
    my $line = '';
    my $in_key = 0;
    while (my $l = <$fh>) {
      $l =~ s/\r?\n$//;
      if ($l =~ s/\\\s*$//) {   # continuation line
        $line .= $l;
        next;
      }
      $line .= $l;
      my $where = "$file:$.";
      local $_ = $line;
      $line = '';
      next if /^\s*;/;
      next if /^\s*Windows Registry Editor Version/ || /^REGEDIT/;
      if (/^\s*$/) {
        print "\n" if $in_key;
        $in_key = 0;
        next;
      }
      if (/^\[(-?)(.*)\]\s*$/) {
        my ($del, $path) = ($1, $2);
        if (defined $cs) {
          $path =~ s/\\CurrentControlSet(\\|$)/\\$cs$1/i;
        } elsif ($path =~ /\\CurrentControlSet(\\|$)/i) {
          die "$where: CurrentControlSet used but no --control-set given\n";
        }
        print "\n" if $in_key;
        if ($del) {
          print "[-$path]\n\n";
          delete $declared{lc $_} for grep { index ($_, lc "$path\\") == 0 } keys %declared;
          delete $declared{lc $path};
          $in_key = 0;
          next;
        }
        # Create missing ancestors below the first two components (the hive prefix).
        my @parts = split /\\/, $path;
        for my $i (2 .. $#parts - 1) {
          my $anc = join "\\", @parts[0 .. $i];
          next if $declared{lc $anc}++;
          print "[$anc]\n\n";
        }
        $declared{lc $path} = 1;
        print "[$path]\n";
        $in_key = 1;
        next;
      }
      die "$where: value outside a key\n" unless $in_key;
      if (/^("(?:[^"\\]|\\.)*"|@)=multi_sz:(.*)$/) {
        my ($name, $list) = ($1, $2);
        my $data = join ('', map { "$_\0" } unquote_list ($list, $where)) . "\0";
        print "$name=hex(7):", hexbytes (encode ('UTF-16LE', $data)), "\n";
      } elsif (/^("(?:[^"\\]|\\.)*"|@)=qword:([[:xdigit:]]{16})$/) {
        my ($name, $hex) = ($1, $2);
        my $data = pack ("V", hex (substr ($hex, 8, 8))) . pack ("V", hex (substr ($hex, 0, 8)));
        print "$name=hex(b):", hexbytes ($data), "\n";
      } elsif (/^("(?:[^"\\]|\\.)*"|@)=(.*)$/) {
        print "$_\n";
      } else {
        die "$where: cannot parse: $_\n";
      }
    }
    print "\n" if $in_key;
    $in_key = 0;
    close $fh;
  }
}

# ---- pe / elf -----------------------------------------------------------------------------

# A PE image with headers only: MZ stub, COFF header, optional header, no sections.  file(1)
# reports it as "PE32 executable (console) Intel 80386, for MS Windows" (or PE32+ / x86-64),
# which is all libguestfs reads: it takes the guest's architecture from System32\cmd.exe.
# Layout: Microsoft "PE Format" (learn.microsoft.com/windows/win32/debug/pe-format).
sub pe_image
{
  my ($machine, $subsystem, $dll) = @_;
  my %machines = (i386 => 0x14c, x86_64 => 0x8664);
  my %subsystems = (native => 1, gui => 2, console => 3, efi => 10);
  my $m = $machines{$machine} // die "pe: unknown machine $machine\n";
  my $ss = $subsystems{$subsystem} // die "pe: unknown subsystem $subsystem\n";
  my $pe64 = $m == 0x8664;

  my $dos = "MZ" . ("\0" x 58) . pack ("V", 0x40);
  substr ($dos, 0x18, 2) = pack ("v", 0x40);     # e_lfarlc: new-style executable

  my $opt_size = $pe64 ? 240 : 224;
  my $chars = 0x0002;                            # IMAGE_FILE_EXECUTABLE_IMAGE
  $chars |= $pe64 ? 0x0020 : 0x0100;             # LARGE_ADDRESS_AWARE / 32BIT_MACHINE
  $chars |= 0x2000 if $dll;                      # IMAGE_FILE_DLL
  my $coff = "PE\0\0" . pack ("vvVVVvv", $m, 0, 0x5e6b0f2a, 0, 0, $opt_size, $chars);

  my $opt;
  if ($pe64) {
    $opt = pack ("vCCVVVVV", 0x20b, 14, 20, 0, 0, 0, 0x1000, 0x1000)
      . pack ("Q<", $dll ? 0x18 << 28 : 0x14 << 28)
      . pack ("VV", 0x1000, 0x200)
      . pack ("vvvvvv", 10, 0, 10, 0, $ss == 10 ? 0 : 10, 0)
      . pack ("VVVV", 0, 0x1000, 0x200, 0)
      . pack ("vv", $ss, 0x8160)
      . pack ("Q<Q<Q<Q<", 0x100000, 0x1000, 0x100000, 0x1000)
      . pack ("VV", 0, 16)
      . ("\0" x 128);
  } else {
    $opt = pack ("vCCVVVVVV", 0x10b, 14, 20, 0, 0, 0, 0x1000, 0x1000, 0x1000)
      . pack ("V", $dll ? 0x10000000 : 0x400000)
      . pack ("VV", 0x1000, 0x200)
      . pack ("vvvvvv", 5, 1, 5, 1, 5, 1)
      . pack ("VVVV", 0, 0x1000, 0x200, 0)
      . pack ("vv", $ss, 0x8140)
      . pack ("VVVV", 0x100000, 0x1000, 0x100000, 0x1000)
      . pack ("VV", 0, 16)
      . ("\0" x 128);
  }
  die "pe: optional header size\n" unless length ($opt) == $opt_size;
  my $img = $dos . $coff . $opt;
  return $img . ("\0" x (512 - length ($img)));
}

sub cmd_pe
{
  my ($machine, $subsystem, $dll) = @_;
  defined $subsystem or usage ();
  binmode STDOUT;
  print pe_image ($machine, $subsystem, defined $dll && $dll eq 'dll');
}

# ELF64 header only; file(1) says "ELF 64-bit LSB executable, x86-64".
sub cmd_elf
{
  binmode STDOUT;
  print "\x7fELF", pack ("CCCC", 2, 1, 1, 0), "\0" x 8,
    pack ("vvVQ<Q<Q<Vvvvvvv", 2, 0x3e, 1, 0x401000, 0, 0, 0, 64, 56, 0, 64, 0, 0);
}

# ---- mounted-devices ----------------------------------------------------------------------

sub guid_bytes
{
  my ($g) = @_;
  $g =~ /^\{?([[:xdigit:]]{8})-([[:xdigit:]]{4})-([[:xdigit:]]{4})-([[:xdigit:]]{4})-([[:xdigit:]]{12})\}?$/
    or die "bad GUID $g\n";
  # Windows GUID byte order: the first three fields little-endian, the rest as written.
  return pack ("Vvv", hex $1, hex $2, hex $3) . pack ("H4H12", $4, $5);
}

# SPEC is NAME=mbr:SIGNATURE:OFFSET or NAME=gpt:PARTITION-GUID, where NAME is a drive letter
# ("C:") or a volume GUID ("{...}").  MBR data is the 4-byte disk signature and the partition's
# byte offset, both little-endian; GPT data is "DMIO:ID:" and the partition GUID.
# Source: libguestfs daemon/inspect_fs_windows.ml (map_registry_disk_blob_mbr/_gpt), quoting
# http://www.goodells.net/multiboot/partsigs.shtml.
sub cmd_mounted_devices
{
  print "[HKEY_LOCAL_MACHINE\\SYSTEM\\MountedDevices]\n";
  for my $spec (@_) {
    my ($name, $kind, @rest) = split /[=:]/, $spec =~ s/^([A-Z]):=/$1=/r;
    my $data;
    if ($kind eq 'mbr') {
      my ($sig, $off) = @rest;
      $data = pack ("V", hex $sig) . pack ("Q<", $off);
    } elsif ($kind eq 'gpt') {
      $data = "DMIO:ID:" . guid_bytes ($rest[0]);
    } else {
      die "mounted-devices: bad spec $spec\n";
    }
    my $key = $name =~ /^[A-Z]$/ ? "\\\\DosDevices\\\\$name:" : "\\\\??\\\\Volume$name";
    print "\"$key\"=hex:", hexbytes ($data), "\n";
  }
  print "\n";
}

# ---- populate -----------------------------------------------------------------------------

my %class_names = (
  '{4d36e97b-e325-11ce-bfc1-08002be10318}' => 'SCSIAdapter',
  '{4d36e96a-e325-11ce-bfc1-08002be10318}' => 'hdc',
  '{4d36e967-e325-11ce-bfc1-08002be10318}' => 'DiskDrive',
  '{4d36e972-e325-11ce-bfc1-08002be10318}' => 'Net',
  '{4d36e97d-e325-11ce-bfc1-08002be10318}' => 'System',
);

sub hv_value
{
  my ($h, $node, $name) = @_;
  my $v = eval { $h->node_get_value ($node, $name) } or return undef;
  my ($t, $d) = $h->value_value ($v);
  if ($t == 1 || $t == 2) {
    my $s = decode ('UTF-16LE', $d);
    $s =~ s/\0.*//s;
    return $s;
  }
  if ($t == 7) {
    my $s = decode ('UTF-16LE', $d);
    $s =~ s/\0\0.*//s;
    return [split /\0/, $s];
  }
  return unpack ("V", $d) if $t == 4 && length ($d) == 4;
  return $d;
}

sub hv_child
{
  my ($h, $node, @path) = @_;
  for my $c (@path) {
    $node = eval { $h->node_get_child ($node, $c) } or return undef;
  }
  return $node;
}

sub write_file
{
  my ($path, $data) = @_;
  (my $dir = $path) =~ s{/[^/]*$}{};
  system ('mkdir', '-p', $dir) == 0 or die "mkdir $dir\n";
  open my $fh, '>', $path or die "$path: $!\n";
  binmode $fh;
  print $fh $data;
  close $fh or die "$path: $!\n";
}

# Map a Windows path below %SystemRoot% onto the tree, folding the case of the directories the
# tree already has (ntfs-3g is case-sensitive, Windows is not).
sub tree_path
{
  my ($opt, $winpath) = @_;
  $winpath =~ s/^\\?(?:SystemRoot|%SystemRoot%)\\//i;
  $winpath =~ s/^\\//;
  my @p = split /\\/, $winpath;
  $p[0] = $opt->{system32} if @p > 1 && lc $p[0] eq 'system32';
  $p[1] = 'drivers' if @p > 2 && lc $p[0] eq lc $opt->{system32} && lc $p[1] eq 'drivers';
  return join '/', $opt->{root}, @p;
}

sub decode_version
{
  my ($v) = @_;
  return (undef, undef, undef) unless defined $v && length ($v) == 48;
  my $guid = unpack ("H*", substr ($v, 8, 16));
  my ($d1, $d2, $d3, $d4, $d5) = unpack ("VvvH4H12", substr ($v, 8, 16));
  my $class = sprintf ("{%08x-%04x-%04x-%s-%s}", $d1, $d2, $d3, $d4, $d5);
  my $ft = unpack ("Q<", substr ($v, 24, 8));
  my @t = gmtime ($ft / 10_000_000 - 11_644_473_600);
  my $date = sprintf ("%02d/%02d/%04d", $t[4] + 1, $t[3], $t[5] + 1900);
  my $q = unpack ("Q<", substr ($v, 32, 8));
  my $ver = join ".", map { ($q >> (48 - 16 * $_)) & 0xffff } 0 .. 3;
  return ($class, $date, $ver);
}

# A stand-in INF for a registered driver package: [Version] from the package's DriverDatabase
# entry, one Models line per descriptor and an AddService per configuration.  Not a real INF;
# tests that parse INFs use the real ones under tests/fixtures.
sub stub_inf
{
  my ($h, $pkg, $pkgname, $arch) = @_;
  my ($class, $date, $ver) = decode_version (hv_value ($h, $pkg, 'Version'));
  my $provider = hv_value ($h, $pkg, 'Provider') // 'Microsoft';
  my $inf = "; Stand-in for driver package $pkgname, generated for a winseed test image.\r\n"
    . "[Version]\r\nSignature=\"\$WINDOWS NT\$\"\r\n";
  if (defined $class) {
    $inf .= "Class=$class_names{$class}\r\n" if $class_names{$class};
    $inf .= "ClassGuid=" . uc ($class) . "\r\n";
  }
  $inf .= "Provider=\"$provider\"\r\n";
  $inf .= "DriverVer=$date,$ver\r\n" if defined $date;
  my $decor = $arch eq 'x86_64' ? 'NTamd64' : 'NTx86';
  my @models;
  my %services;
  if (my $desc = hv_child ($h, $pkg, 'Descriptors')) {
    my @todo = ([$desc, '']);
    while (my $d = shift @todo) {
      my ($node, $prefix) = @$d;
      for my $c ($h->node_children ($node)) {
        my $id = $prefix . $h->node_name ($c);
        my $cfg = hv_value ($h, $c, 'Configuration');
        push @models, "%Device% = $cfg, $id" if defined $cfg;
        push @todo, [$c, "$id\\"];
      }
    }
  }
  if (my $cfgs = hv_child ($h, $pkg, 'Configurations')) {
    for my $c ($h->node_children ($cfgs)) {
      my $svc = hv_value ($h, $c, 'Service');
      $services{$h->node_name ($c)} = $svc if defined $svc;
    }
  }
  if (@models) {
    $inf .= "\r\n[Manufacturer]\r\n%Mfg% = Models,$decor\r\n\r\n[Models.$decor]\r\n"
      . join ('', map { "$_\r\n" } @models);
  }
  for my $cfg (sort keys %services) {
    $inf .= "\r\n[$cfg.Services]\r\nAddService = $services{$cfg},0x00000002,Service_Inst\r\n";
  }
  $inf .= "\r\n[Strings]\r\nMfg = \"$provider\"\r\nDevice = \"$pkgname\"\r\n";
  return $inf;
}

sub cmd_populate
{
  my %opt = (system32 => 'System32', inf => 'INF', arch => 'x86_64');
  while (@_ && $_[0] =~ /^--(root|system32|inf|arch)$/) {
    shift;
    $opt{$1} = shift;
  }
  my ($system, @others) = @_;
  defined $opt{root} && defined $system or usage ();
  require Win::Hivex;
  my $sys = Win::Hivex->open ($system);
  my $root = $sys->root;
  my $cur = hv_value ($sys, hv_child ($sys, $root, 'Select'), 'Current');
  my $ccs = hv_child ($sys, $root, sprintf ("ControlSet%03d", $cur)) or die "no current control set\n";
  my $services = hv_child ($sys, $ccs, 'Services');
  my $sysfile = pe_image ($opt{arch}, 'native');
  my %written;
  my $put = sub {
    my ($path, $data) = @_;
    return if $written{lc $path}++;
    write_file ($path, $data);
  };
  my $image_of = sub {
    my ($svc) = @_;
    my $node = hv_child ($sys, $services, $svc);
    my $ip = $node ? hv_value ($sys, $node, 'ImagePath') : undef;
    return undef if defined $ip && ($ip =~ /^\\\?\?\\/ || $ip =~ /^[A-Za-z]:/ || $ip !~ /\.sys$/i);
    return $ip // "System32\\drivers\\$svc.sys";
  };

  # Services named by a PCI device (storage controller, NIC) need their driver file even when
  # they are demand-start.
  my %wanted;
  if (my $pci = hv_child ($sys, $ccs, 'Enum', 'PCI')) {
    for my $dev ($sys->node_children ($pci)) {
      for my $inst ($sys->node_children ($dev)) {
        my $svc = hv_value ($sys, $inst, 'Service');
        $wanted{lc $svc} = 1 if defined $svc;
      }
    }
  }
  # Kernel and file-system drivers that start at boot or system init, and the ones above.
  for my $s ($sys->node_children ($services)) {
    my $name = $sys->node_name ($s);
    my $type = hv_value ($sys, $s, 'Type') // next;
    my $start = hv_value ($sys, $s, 'Start') // next;
    next if ref $type || ref $start || $type !~ /^\d+$/ || $start !~ /^\d+$/;
    next unless $type == 1 || $type == 2;
    next unless $start <= 1 || $wanted{lc $name};
    my $ip = $image_of->($name) // next;
    $put->(tree_path (\%opt, $ip), $sysfile);
  }

  # Driver packages of the DriverDatabase (Windows 8+), in this hive and any other given
  # (config\DRIVERS): the package folder in the driver store and the published INF.
  for my $file ($system, @others) {
    my $h = $file eq $system ? $sys : Win::Hivex->open ($file);
    my $pkgs = hv_child ($h, $h->root, 'DriverDatabase', 'DriverPackages') or next;
    for my $pkg ($h->node_children ($pkgs)) {
      my $pkgname = $h->node_name ($pkg);
      my $published = hv_value ($h, $pkg, '') // next;
      my $infname = hv_value ($h, $pkg, 'InfName') // $published;
      my $inf = stub_inf ($h, $pkg, $pkgname, $opt{arch});
      my $repo = "$opt{root}/$opt{system32}/DriverStore/FileRepository/$pkgname";
      $put->("$repo/$infname", $inf);
      $put->("$opt{root}/$opt{inf}/$published", $inf);
      if (my $cfgs = hv_child ($h, $pkg, 'Configurations')) {
        for my $c ($h->node_children ($cfgs)) {
          my $svc = hv_value ($h, $c, 'Service') // next;
          my $ip = $image_of->($svc) // next;
          (my $base = $ip) =~ s/.*\\//;
          $put->("$repo/$base", $sysfile);
        }
      }
    }
  }

  # Vista/7: the CriticalDeviceDatabase names the driver store package of each boot device.
  if (my $cddb = hv_child ($sys, $ccs, 'Control', 'CriticalDeviceDatabase')) {
    for my $dev ($sys->node_children ($cddb)) {
      my $id = hv_value ($sys, $dev, 'DriverPackageId') // next;
      next if ref $id;
      (my $infname = $id) =~ s/(\.inf)_.*/$1/i;
      my $stub = "; Stand-in for driver package $id, generated for a winseed test image.\r\n"
        . "[Version]\r\nSignature=\"\$WINDOWS NT\$\"\r\n";
      $put->("$opt{root}/$opt{system32}/DriverStore/FileRepository/$id/$infname", $stub);
      $put->("$opt{root}/$opt{inf}/$infname", $stub);
    }
  }
}

# ---- bitlocker ----------------------------------------------------------------------------

# A BitLocker (Windows 7+) volume header: jump EB 58 90, OEM ID "-FVE-FS-", a FAT-like BPB,
# the BitLocker GUID at 160 and the byte offsets of the three FVE metadata blocks at 176, each
# block starting "-FVE-FS-" with version 2.  That is what libblkid checks before it reports
# TYPE="BitLocker" (util-linux libblkid/src/superblocks/bitlocker.c).  There is no key material:
# the volume cannot be unlocked, only detected.
sub cmd_bitlocker
{
  my ($image, $offset) = @_;
  defined $offset or usage ();
  my @meta = (0x2100000, 0x3100000, 0x4100000);   # inside the volume, 64-byte aligned
  my $bs = "\xeb\x58\x90" . "-FVE-FS-"
    . pack ("vCvCvvCvvvVV", 512, 8, 0, 0, 0, 0, 0xf8, 0, 63, 255, $offset / 512, 0);
  $bs .= "\0" x (160 - length $bs);
  $bs .= guid_bytes ("4967d63b-2e29-4ad8-8399-f6a339e3d001");
  $bs .= pack ("Q<Q<Q<", @meta);
  $bs .= "\0" x (510 - length $bs);
  $bs .= "\x55\xaa";
  my $fve = "-FVE-FS-" . pack ("vv", 0x40, 2) . pack ("vvQ<Q<Q<", 4, 4, 0x10000, @meta);
  open my $fh, '+<', $image or die "$image: $!\n";
  binmode $fh;
  sysseek ($fh, $offset, 0) or die "seek: $!\n";
  syswrite ($fh, $bs) == 512 or die "write: $!\n";
  for my $m (@meta) {
    sysseek ($fh, $offset + $m, 0) or die "seek: $!\n";
    syswrite ($fh, $fve) == length $fve or die "write: $!\n";
  }
  close $fh or die "$image: $!\n";
}

# ---- main (last, so that the file-scope tables above are initialised) ----------------------

my $cmd = shift @ARGV // usage ();
if    ($cmd eq 'reg')             { cmd_reg (@ARGV) }
elsif ($cmd eq 'pe')              { cmd_pe (@ARGV) }
elsif ($cmd eq 'elf')             { cmd_elf () }
elsif ($cmd eq 'mounted-devices') { cmd_mounted_devices (@ARGV) }
elsif ($cmd eq 'populate')        { cmd_populate (@ARGV) }
elsif ($cmd eq 'bitlocker')       { cmd_bitlocker (@ARGV) }
else                              { usage () }
exit 0;
