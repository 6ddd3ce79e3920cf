#include "controllers/framework/go_spew.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>
#include <vector>

#include "core/clock.h"
#include "core/quantity.h"

namespace stead::controllers {
namespace {

using api::schema::FieldDef;
using api::schema::TypeDef;
using api::schema::TypeKind;

// JSON names whose Go field is not the name with its first letter upper-cased.
const std::map<std::string, std::string, std::less<>>& GoNameExceptions() {
  static const std::map<std::string, std::string, std::less<>> kNames = {
      {"apiGroup", "APIGroup"},
      {"apiVersion", "APIVersion"},
      {"awsElasticBlockStore", "AWSElasticBlockStore"},
      {"cephfs", "CephFS"},
      {"chapAuthDiscovery", "DiscoveryCHAPAuth"},
      {"chapAuthSession", "SessionCHAPAuth"},
      {"csi", "CSI"},
      {"datasetUUID", "DatasetUUID"},
      {"diskURI", "DataDiskURI"},
      {"dnsConfig", "DNSConfig"},
      {"dnsPolicy", "DNSPolicy"},
      {"downwardAPI", "DownwardAPI"},
      {"fc", "FC"},
      {"fsGroup", "FSGroup"},
      {"fsGroupChangePolicy", "FSGroupChangePolicy"},
      {"fsType", "FSType"},
      {"gcePersistentDisk", "GCEPersistentDisk"},
      {"gmsaCredentialSpec", "GMSACredentialSpec"},
      {"gmsaCredentialSpecName", "GMSACredentialSpecName"},
      {"grpc", "GRPC"},
      {"hostIP", "HostIP"},
      {"hostIPC", "HostIPC"},
      {"hostPID", "HostPID"},
      {"httpGet", "HTTPGet"},
      {"httpHeaders", "HTTPHeaders"},
      {"ip", "IP"},
      {"iqn", "IQN"},
      {"iscsi", "ISCSI"},
      {"iscsiInterface", "ISCSIInterface"},
      {"metadata", "ObjectMeta"},
      {"nfs", "NFS"},
      {"os", "OS"},
      {"pdID", "PdID"},
      {"rbd", "RBD"},
      {"scaleIO", "ScaleIO"},
      {"seLinuxChangePolicy", "SELinuxChangePolicy"},
      {"seLinuxOptions", "SELinuxOptions"},
      {"serviceAccount", "DeprecatedServiceAccount"},
      {"setHostnameAsFQDN", "SetHostnameAsFQDN"},
      {"sslEnabled", "SSLEnabled"},
      {"storagePolicyID", "StoragePolicyID"},
      {"storageos", "StorageOS"},
      {"targetWWNs", "TargetWWNs"},
      {"tcpSocket", "TCPSocket"},
      {"tty", "TTY"},
      {"uid", "UID"},
      {"volumeID", "VolumeID"},
      {"vsphereVolume", "VsphereVolume"},
      {"wwids", "WWIDs"},
  };
  return kNames;
}

// Per-type exceptions: "<definition>/<json name>".
const std::map<std::string, std::string, std::less<>>& GoNameTypeExceptions() {
  static const std::map<std::string, std::string, std::less<>> kNames = {
      {"io.k8s.api.core.v1.GlusterfsVolumeSource/endpoints", "EndpointsName"},
      {"io.k8s.api.core.v1.RBDVolumeSource/image", "RBDImage"},
      {"io.k8s.api.core.v1.RBDVolumeSource/keyring", "Keyring"},
      {"io.k8s.api.core.v1.RBDVolumeSource/monitors", "CephMonitors"},
      {"io.k8s.api.core.v1.RBDVolumeSource/pool", "RBDPool"},
      {"io.k8s.api.core.v1.RBDVolumeSource/user", "RadosUser"},
  };
  return kNames;
}

// The inline-embedded Go structs: "<definition>/<protobuf number>" →
// field name and Go type.
struct Embedded {
  const char* name;
  const char* go_type;
};
const std::map<std::string, Embedded, std::less<>>& EmbeddedStructs() {
  static const std::map<std::string, Embedded, std::less<>> kEmbedded = {
      {"io.k8s.api.core.v1.Volume/2", {"VolumeSource", "v1.VolumeSource"}},
      {"io.k8s.api.core.v1.Probe/1", {"ProbeHandler", "v1.ProbeHandler"}},
      {"io.k8s.api.core.v1.EphemeralContainer/1",
       {"EphemeralContainerCommon", "v1.EphemeralContainerCommon"}},
      {"io.k8s.api.core.v1.PersistentVolumeSpec/2",
       {"PersistentVolumeSource", "v1.PersistentVolumeSource"}},
      {"io.k8s.api.core.v1.ConfigMapEnvSource/1",
       {"LocalObjectReference", "v1.LocalObjectReference"}},
      {"io.k8s.api.core.v1.ConfigMapKeySelector/1",
       {"LocalObjectReference", "v1.LocalObjectReference"}},
      {"io.k8s.api.core.v1.ConfigMapProjection/1",
       {"LocalObjectReference", "v1.LocalObjectReference"}},
      {"io.k8s.api.core.v1.ConfigMapVolumeSource/1",
       {"LocalObjectReference", "v1.LocalObjectReference"}},
      {"io.k8s.api.core.v1.SecretEnvSource/1", {"LocalObjectReference", "v1.LocalObjectReference"}},
      {"io.k8s.api.core.v1.SecretKeySelector/1",
       {"LocalObjectReference", "v1.LocalObjectReference"}},
      {"io.k8s.api.core.v1.SecretProjection/1",
       {"LocalObjectReference", "v1.LocalObjectReference"}},
  };
  return kEmbedded;
}

bool IsAbsent(const Json* v) { return v == nullptr || v->is_null(); }

// resource.Quantity as resource.ParseQuantity leaves it for the canonical
// string the API server stores.
struct GoQuantity {
  int64_t value = 0;
  int32_t scale = 0;
  // The inf.Dec form (unscaled magnitude as 64-bit words, little-endian;
  // sign; scale), when ParseQuantity takes its slow path.
  bool has_dec = false;
  std::vector<uint64_t> dec_words;
  bool dec_negative = false;
  int32_t dec_scale = 0;
  std::string cached;  // the `s` field
  std::string format = "DecimalSI";
};

// Just enough unsigned big-number arithmetic for the inf.Dec path:
// little-endian base-2^32 limbs.
using BigNat = std::vector<uint32_t>;

void Trim(BigNat& n) {
  while (!n.empty() && n.back() == 0) n.pop_back();
}

void MulSmall(BigNat& n, uint32_t m) {
  uint64_t carry = 0;
  for (uint32_t& limb : n) {
    uint64_t v = static_cast<uint64_t>(limb) * m + carry;
    limb = static_cast<uint32_t>(v);
    carry = v >> 32;
  }
  if (carry) n.push_back(static_cast<uint32_t>(carry));
}

void AddSmall(BigNat& n, uint32_t a) {
  uint64_t carry = a;
  for (size_t i = 0; carry && i < n.size(); ++i) {
    uint64_t v = static_cast<uint64_t>(n[i]) + carry;
    n[i] = static_cast<uint32_t>(v);
    carry = v >> 32;
  }
  if (carry) n.push_back(static_cast<uint32_t>(carry));
}

int Compare(const BigNat& a, const BigNat& b) {
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  for (size_t i = a.size(); i-- > 0;) {
    if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}

BigNat FromDecimal(const std::string& digits) {
  BigNat n;
  for (char c : digits) {
    MulSmall(n, 10);
    AddSmall(n, static_cast<uint32_t>(c - '0'));
  }
  Trim(n);
  return n;
}

std::vector<uint64_t> Words(const BigNat& n) {
  std::vector<uint64_t> out;
  for (size_t i = 0; i < n.size(); i += 2) {
    uint64_t w = n[i];
    if (i + 1 < n.size()) w |= static_cast<uint64_t>(n[i + 1]) << 32;
    out.push_back(w);
  }
  while (!out.empty() && out.back() == 0) out.pop_back();
  return out;
}

// The slow path of resource.ParseQuantity: an inf.Dec rounded up to
// nano units, binary values capped at 2^63-1.
std::optional<GoQuantity> DecQuantity(bool positive, const std::string& num, int32_t exponent,
                                      bool binary, std::string format) {
  GoQuantity q;
  q.format = std::move(format);
  BigNat unscaled = FromDecimal(num);
  int32_t scale = 0;
  if (binary) {
    for (int32_t i = 0; i < exponent; ++i) MulSmall(unscaled, 2);
  } else {
    scale = -exponent;
  }
  if (!unscaled.empty()) {
    if (scale > 9) return std::nullopt;  // never for a canonical string
    for (; scale < 9; ++scale) MulSmall(unscaled, 10);
  }
  if (binary) {
    BigNat max = FromDecimal("9223372036854775807000000000");  // (2^63-1) at scale 9
    if (Compare(unscaled, max) > 0) {
      unscaled = FromDecimal("9223372036854775807");
      scale = 0;
    } else if (!unscaled.empty() && Compare(unscaled, FromDecimal("1000000000")) < 0) {
      q.format = "DecimalSI";
    }
  }
  q.has_dec = true;
  q.dec_words = Words(unscaled);
  q.dec_negative = !positive && !unscaled.empty();
  q.dec_scale = scale;
  return q;
}

std::optional<GoQuantity> ParseGoQuantity(const std::string& str, const std::string& format) {
  GoQuantity q;
  if (str == "0") {
    q.cached = "0";
    return q;
  }
  size_t pos = 0;
  bool positive = true;
  if (pos < str.size() && (str[pos] == '-' || str[pos] == '+')) positive = str[pos++] != '-';
  while (pos < str.size() && str[pos] == '0') ++pos;
  size_t num_start = pos;
  while (pos < str.size() && str[pos] >= '0' && str[pos] <= '9') ++pos;
  std::string num = str.substr(num_start, pos - num_start);
  if (num.empty()) num = "0";
  // Canonical strings have no fraction.
  if (pos < str.size() && str[pos] == '.') return std::nullopt;
  std::string suffix = str.substr(pos);
  int32_t exponent = 0;
  q.format = format;
  static const std::map<std::string, int32_t> kDecimal = {
      {"n", -9}, {"u", -6}, {"m", -3}, {"", 0},   {"k", 3},
      {"M", 6},  {"G", 9},  {"T", 12}, {"P", 15}, {"E", 18}};
  static const std::map<std::string, int32_t> kBinary = {{"Ki", 10}, {"Mi", 20}, {"Gi", 30},
                                                         {"Ti", 40}, {"Pi", 50}, {"Ei", 60}};
  bool binary = false;
  if (auto it = kDecimal.find(suffix); it != kDecimal.end()) {
    exponent = it->second;
    q.format = "DecimalSI";
  } else if (auto bit = kBinary.find(suffix); bit != kBinary.end()) {
    exponent = bit->second;
    binary = true;
    q.format = "BinarySI";
  } else if (suffix.size() > 1 && (suffix[0] == 'e' || suffix[0] == 'E')) {
    auto res = std::from_chars(suffix.data() + 1, suffix.data() + suffix.size(), exponent);
    if (res.ec != std::errc()) return std::nullopt;
    q.format = "DecimalExponent";
  } else {
    return std::nullopt;
  }
  int32_t precision;
  int64_t mantissa = 1;
  if (binary) {
    mantissa = int64_t{1} << exponent;
    precision = 15 - static_cast<int32_t>(num.size()) -
                static_cast<int32_t>(static_cast<float>(exponent) * 3 / 10) - 1;
    q.scale = 0;
  } else {
    precision = 18 - static_cast<int32_t>(num.size());
    q.scale = exponent;
  }
  if (precision < 0 || q.scale < -9) return DecQuantity(positive, num, exponent, binary, q.format);
  int64_t value = 0;
  if (std::from_chars(num.data(), num.data() + num.size(), value).ec != std::errc()) {
    return std::nullopt;
  }
  int64_t result;
  if (__builtin_mul_overflow(value, mantissa, &result)) return std::nullopt;
  q.value = positive ? result : -result;
  bool canonical =
      binary ? exponent % 10 == 0 && (value & 0x07) != 0
             : q.scale % 3 == 0 && !(num.size() >= 3 && num.ends_with("000")) && num[0] != '0';
  if (canonical) q.cached = str;
  return q;
}

std::string FormatName(Quantity::Format f) {
  switch (f) {
    case Quantity::Format::kBinarySI:
      return "BinarySI";
    case Quantity::Format::kDecimalExponent:
      return "DecimalExponent";
    case Quantity::Format::kDecimalSI:
      break;
  }
  return "DecimalSI";
}

class Dumper {
 public:
  std::string out;

  // A value of `type`; `show_type` prints "(<go type>)" first.
  void Value(const Json* v, const TypeDef& type, bool show_type) {
    if (show_type) out += "(" + type.go_name + ")";
    Body(v, type, /*omit_empty=*/true);
  }

  void Field(const Json* v, const FieldDef& f) {
    if (f.pointer) {
      out += "(*" + f.type->go_name + ")";
      if (IsAbsent(v)) {
        out += "<nil>";
        return;
      }
      Body(v, *f.type, f.omit_empty);
      return;
    }
    out += "(" + f.type->go_name + ")";
    Body(v, *f.type, f.omit_empty);
  }

 private:
  void Body(const Json* v, const TypeDef& type, bool omit_empty) {
    switch (type.kind) {
      case TypeKind::kObject:
        Struct(v, type);
        return;
      case TypeKind::kMap: {
        if (IsAbsent(v) || !v->is_object() || (omit_empty && v->empty())) {
          out += "<nil>";
          return;
        }
        out += "map[";
        bool first = true;
        for (const auto& [k, item] : v->items()) {  // keys are sorted
          if (!first) out += " ";
          first = false;
          out += k + ":";
          Body(&item, *type.element, true);
        }
        out += "]";
        return;
      }
      case TypeKind::kArray: {
        if (IsAbsent(v) || !v->is_array() || (omit_empty && v->empty())) {
          out += "<nil>";
          return;
        }
        out += "[";
        for (size_t i = 0; i < v->size(); ++i) {
          if (i) out += " ";
          Body(&(*v)[i], *type.element, true);
        }
        out += "]";
        return;
      }
      case TypeKind::kString:
        // go-spew's formatter writes strings raw, without quotes.
        if (!IsAbsent(v) && v->is_string()) out += v->get_ref<const std::string&>();
        return;
      case TypeKind::kInteger:
        out += std::to_string(!IsAbsent(v) && v->is_number() ? v->get<int64_t>() : 0);
        return;
      case TypeKind::kNumber: {
        char buf[64];
        double d = !IsAbsent(v) && v->is_number() ? v->get<double>() : 0;
        auto res = std::to_chars(buf, buf + sizeof(buf), d);
        out.append(buf, res.ptr);
        return;
      }
      case TypeKind::kBoolean:
        out += !IsAbsent(v) && v->is_boolean() && v->get<bool>() ? "true" : "false";
        return;
      case TypeKind::kIntOrString: {
        bool is_string = !IsAbsent(v) && v->is_string();
        int64_t i = !IsAbsent(v) && v->is_number() ? v->get<int64_t>() : 0;
        out += "{Type:(intstr.Type)" + std::string(is_string ? "1" : "0") + " IntVal:(int32)" +
               std::to_string(i) + " StrVal:(string)" +
               (is_string ? v->get_ref<const std::string&>() : "") + "}";
        return;
      }
      case TypeKind::kQuantity:
        QuantityBody(v);
        return;
      case TypeKind::kTime:
      case TypeKind::kMicroTime:
        TimeBody(v);
        return;
      case TypeKind::kBytes:
      case TypeKind::kAny:
        // RawExtension / FieldsV1 / []byte: never part of a pod template.
        out += IsAbsent(v) ? "<nil>" : "{Raw:([]uint8)<nil>}";
        return;
    }
  }

  void Struct(const Json* v, const TypeDef& type) {
    const Json* obj = !IsAbsent(v) && v->is_object() ? v : nullptr;
    out += "{";
    bool first = true;        // of the struct's own fields
    bool inner_first = true;  // of the open embedded struct's fields
    int open_embed = 0;
    for (const FieldDef& f : type.fields) {
      if (f.proto_embed_tag != open_embed) {
        if (open_embed != 0) out += "}";
        open_embed = f.proto_embed_tag;
        if (open_embed != 0) {
          if (!first) out += " ";
          first = false;
          inner_first = true;
          auto it = EmbeddedStructs().find(type.name + "/" + std::to_string(open_embed));
          bool known = it != EmbeddedStructs().end();
          out += std::string(known ? it->second.name : "Embedded") + ":(" +
                 (known ? it->second.go_type : "v1.Embedded") + "){";
        }
      }
      bool& sep = open_embed != 0 ? inner_first : first;
      if (!sep) out += " ";
      sep = false;
      out += GoFieldName(type, f.name) + ":";
      Field(obj ? Lookup(*obj, {f.name}) : nullptr, f);
    }
    if (open_embed != 0) out += "}";
    out += "}";
  }

  void QuantityBody(const Json* v) {
    GoQuantity q;
    if (!IsAbsent(v)) {
      auto parsed = Quantity::FromJson(*v);
      if (parsed.ok()) {
        std::string canonical = parsed->ToString();
        if (auto g = ParseGoQuantity(canonical, FormatName(parsed->format()))) q = *g;
      }
    } else {
      q.format = "";
    }
    std::string dec = "<nil>";
    if (q.has_dec) {
      std::string words;
      for (size_t i = 0; i < q.dec_words.size(); ++i) {
        words += (i ? " " : "") + std::to_string(q.dec_words[i]);
      }
      dec = "{unscaled:(big.Int){neg:(bool)" + std::string(q.dec_negative ? "true" : "false") +
            " abs:(big.nat)" + (q.dec_words.empty() ? "<nil>" : "[" + words + "]") +
            "} scale:(inf.Scale)" + std::to_string(q.dec_scale) + "}";
    }
    out += "{i:(resource.int64Amount){value:(int64)" + std::to_string(q.value) +
           " scale:(resource.Scale)" + std::to_string(q.scale) +
           "} d:(resource.infDecAmount){Dec:(*inf.Dec)" + dec + "} s:(string)" + q.cached +
           " Format:(resource.Format)" + q.format + "}";
  }

  void TimeBody(const Json* v) {
    uint64_t wall = 0;
    int64_t ext = 0;
    SystemTime t{};
    if (!IsAbsent(v) && v->is_string() && ParseTime(v->get_ref<const std::string&>(), &t)) {
      auto since_epoch = std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch());
      int64_t secs = since_epoch.count() / 1000000000;
      int64_t nanos = since_epoch.count() % 1000000000;
      if (nanos < 0) {
        nanos += 1000000000;
        --secs;
      }
      // Without a monotonic reading: wall holds the nanoseconds, ext the
      // seconds since January 1, year 1.
      wall = static_cast<uint64_t>(nanos);
      ext = secs + 62135596800;
    }
    out += "{Time:(time.Time){wall:(uint64)" + std::to_string(wall) + " ext:(int64)" +
           std::to_string(ext) + " loc:(*time.Location)<nil>}}";
  }
};

}  // namespace

std::string GoFieldName(const TypeDef& type, const std::string& json_name) {
  auto typed = GoNameTypeExceptions().find(type.name + "/" + json_name);
  if (typed != GoNameTypeExceptions().end()) return typed->second;
  auto it = GoNameExceptions().find(json_name);
  if (it != GoNameExceptions().end()) return it->second;
  std::string out = json_name;
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z')
    out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

std::string GoSpewDump(const Json& value, const TypeDef& type) {
  Dumper d;
  d.Value(&value, type, true);
  return std::move(d.out);
}

}  // namespace stead::controllers
