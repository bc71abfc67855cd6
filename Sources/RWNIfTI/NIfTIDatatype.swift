/// NIfTI datatype codes and how their voxels are laid out.
public enum NIfTIDatatype: Int, Sendable, CaseIterable {
  case uint8 = 2
  case int16 = 4
  case int32 = 8
  case float32 = 16
  case complex64 = 32
  case float64 = 64
  case rgb24 = 128
  case int8 = 256
  case uint16 = 512
  case uint32 = 768
  case int64 = 1024
  case uint64 = 1280
  case complex128 = 1792
  case rgba32 = 2304

  /// Bytes per voxel (all channels).
  public var bytesPerVoxel: Int {
    switch self {
    case .uint8, .int8: 1
    case .int16, .uint16: 2
    case .int32, .uint32, .float32: 4
    case .int64, .uint64, .float64, .complex64: 8
    case .complex128: 16
    case .rgb24: 3
    case .rgba32: 4
    }
  }

  /// Values per voxel: 1 (scalar), 2 (complex: real, imag), 3 (RGB) or 4 (RGBA).
  public var channels: Int {
    switch self {
    case .complex64, .complex128: 2
    case .rgb24: 3
    case .rgba32: 4
    default: 1
    }
  }

  /// Size of one stored number, the unit of byte swapping.
  public var componentBytes: Int { bytesPerVoxel / channels }

  /// The numpy-style name: `"int16"`, `"float32"`, `"complex64"`, `"rgb24"`...
  public var name: String {
    switch self {
    case .uint8: "uint8"
    case .int8: "int8"
    case .int16: "int16"
    case .uint16: "uint16"
    case .int32: "int32"
    case .uint32: "uint32"
    case .int64: "int64"
    case .uint64: "uint64"
    case .float32: "float32"
    case .float64: "float64"
    case .complex64: "complex64"
    case .complex128: "complex128"
    case .rgb24: "rgb24"
    case .rgba32: "rgba32"
    }
  }

  /// Names of the channels (`real`/`imag`, `R`/`G`/`B`[/`A`]); empty for scalars.
  public var channelNames: [String] {
    switch self {
    case .complex64, .complex128: ["real", "imag"]
    case .rgb24: ["R", "G", "B"]
    case .rgba32: ["R", "G", "B", "A"]
    default: []
    }
  }

  /// Name for any code, including codes this reader does not support.
  public static func name(code: Int) -> String {
    if let t = NIfTIDatatype(rawValue: code) { return t.name }
    switch code {
    case 0: return "unknown"
    case 1: return "binary"
    case 1536: return "float128"
    case 2048: return "complex256"
    default: return "code \(code)"
    }
  }
}
