#!/usr/bin/perl
# hive-diff.pl BEFORE.reg AFTER.reg PLAN.reg
# Compare two `hivexregedit --export` texts of one hive and fail when a key changed that the
# plan (the .reg text winseed printed) does not account for: a key the plan sets or creates, an
# ancestor the plan had to create, or something under a key the plan deletes.
# Prints "changed N keys, all planned" or one line per unplanned change.
use strict;
use warnings;

sub read_reg
{
  my ($file) = @_;
  open my $fh, '<', $file or die "hive-diff.pl: $file: $!\n";
  my (%keys, $key, $line);
  while (my $l = <$fh>) {
    $l =~ s/\r?\n$//;
    if (defined $line) { $line .= $l; } else { $line = $l; }
    if ($line =~ /\\$/ && $line !~ /^\[/) { chop $line; next; }   # continued value
    if ($line =~ /^\[(-?)(.*)\]$/) {
      $key = lc $2;
      $keys{$key} //= [] unless $1;
    } elsif (defined $key && $line =~ /^["@]/) {
      $line =~ s/,\s+/,/g;
      push @{$keys{$key}}, lc $line;
    }
    undef $line;
  }
  return \%keys;
}

sub plan_keys
{
  my ($file) = @_;
  open my $fh, '<', $file or die "hive-diff.pl: $file: $!\n";
  my (%set, %deleted);
  while (my $l = <$fh>) {
    next unless $l =~ /^\[(-?)([^\]]*)\]/;
    if ($1) { $deleted{lc $2} = 1 } else { $set{lc $2} = 1 }
  }
  return (\%set, \%deleted);
}

my ($before, $after, $plan) = @ARGV;
die "usage: hive-diff.pl BEFORE.reg AFTER.reg PLAN.reg\n" unless defined $plan;
my $b = read_reg ($before);
my $a = read_reg ($after);
my ($set, $deleted) = plan_keys ($plan);

my %ancestor;
for my $k (keys %$set) {
  my @p = split /\\/, $k;
  $ancestor{join '\\', @p[0 .. $_]} = 1 for 0 .. $#p - 1;
}

sub planned
{
  my ($k) = @_;
  return 1 if $set->{$k} || $ancestor{$k};
  for my $d (keys %$deleted) {
    return 1 if $k eq $d || index ($k, "$d\\") == 0;
  }
  return 0;
}

my ($changed, $bad) = (0, 0);
my %all = map { $_ => 1 } (keys %$b, keys %$a);
for my $k (sort keys %all) {
  my $x = exists $b->{$k} ? join ("\n", sort @{$b->{$k}}) : undef;
  my $y = exists $a->{$k} ? join ("\n", sort @{$a->{$k}}) : undef;
  next if defined $x && defined $y && $x eq $y;
  $changed++;
  next if planned ($k);
  $bad++;
  my $what = !defined $x ? "added" : !defined $y ? "removed" : "changed";
  print "unplanned change: key $what: $k\n";
}
print "changed $changed keys", ($bad ? ", $bad unplanned" : ", all planned"), "\n";
exit ($bad ? 1 : 0);
