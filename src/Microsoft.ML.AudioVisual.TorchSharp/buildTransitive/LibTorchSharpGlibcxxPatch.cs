// One source for both routes of the libLibTorchSharp.so load fix:
//  - the library compiles it (default Compile glob) for the runtime fix, Torch/LibTorchSharpLoader.cs;
//  - the buildTransitive targets hand this very file to RoslynCodeTaskFactory as the inline task's source.
// Hence: .NET Standard 2.0 APIs only (the task factory compiles against netstandard), no dependency on the
// rest of the library (so no IO.AtomicFile), and the MSBuild task class compiled only when NET is undefined
// (the task factory defines no preprocessor symbols; SDK projects targeting .NET 5+ define NET).
#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;

namespace Microsoft.ML.AudioVisual.Torch
{
    /// <summary>
    /// TorchSharp 0.107's native glue library, libLibTorchSharp.so, was linked against GCC 13's libstdc++ and
    /// declares a need for the symbol version GLIBCXX_3.4.32, which Debian 12 / Ubuntu 22.04 lack, so dlopen
    /// fails. The only symbol bound to that version is std::ios_base_library_init(), a marker that is never
    /// called. Marking the requirement weak (VER_FLG_WEAK in .gnu.version_r) lets glibc load the library.
    /// </summary>
    internal static class LibTorchSharpGlibcxxPatch
    {
        /// <summary>File name of TorchSharp's native glue library on Linux.</summary>
        public const string LibraryFileName = "libLibTorchSharp.so";

        /// <summary>The symbol version the library needs and older libstdc++ builds lack.</summary>
        public const string MissingVersion = "GLIBCXX_3.4.32";

        /// <summary>
        /// True on Linux when the libstdc++ this process uses (or, if none is mapped, the system's) does not
        /// define <see cref="MissingVersion"/>; false off Linux or when it cannot be determined.
        /// </summary>
        public static bool SystemLibStdCxxLacksVersion()
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux)) return false;
            var libstdcxx = LibStdCxxPath();
            return libstdcxx != null && !ElfSymbolVersions.Defines(File.ReadAllBytes(libstdcxx), MissingVersion);
        }

        /// <summary>True when <paramref name="libraryPath"/> is an ELF file with a non-weak need for <see cref="MissingVersion"/>.</summary>
        public static bool NeedsPatch(string libraryPath) =>
            ElfSymbolVersions.StrictNeedFlagOffsets(File.ReadAllBytes(libraryPath), MissingVersion).Count > 0;

        /// <summary>
        /// Marks the need for <see cref="MissingVersion"/> weak in <paramref name="libraryPath"/>: a patched copy
        /// written beside it (same permissions, same timestamp, so incremental copies stay skipped) replaces it
        /// by a rename. A rename gives the path a new inode, so a hard-linked or symlinked NuGet cache file is
        /// never modified. Returns false when there was nothing to do; I/O errors propagate.
        /// </summary>
        public static bool Patch(string libraryPath)
        {
            var bytes = File.ReadAllBytes(libraryPath);
            var offsets = ElfSymbolVersions.StrictNeedFlagOffsets(bytes, MissingVersion);
            if (offsets.Count == 0) return false;
            foreach (var offset in offsets) bytes[offset] |= ElfSymbolVersions.VerFlagWeak;

            var stamp = File.GetLastWriteTimeUtc(libraryPath);
            var temp = libraryPath + "." + Guid.NewGuid().ToString("N") + ".tmp";
            try
            {
                File.Copy(libraryPath, temp); // keeps the file mode
                using (var stream = new FileStream(temp, FileMode.Open, FileAccess.Write))
                    stream.Write(bytes, 0, bytes.Length);
                File.SetLastWriteTimeUtc(temp, stamp);
                File.Replace(temp, libraryPath, null); // rename(2) on Unix
            }
            finally
            {
                if (File.Exists(temp)) File.Delete(temp);
            }
            return true;
        }

        /// <summary>The libstdc++.so.6 mapped into this process (the one dlopen will bind), else the system's.</summary>
        internal static string? LibStdCxxPath()
        {
            try
            {
                foreach (var line in File.ReadLines("/proc/self/maps"))
                {
                    int slash = line.IndexOf('/');
                    if (slash >= 0 && line.IndexOf("/libstdc++.so", slash, StringComparison.Ordinal) >= 0) return line.Substring(slash);
                }
            }
            catch (IOException)
            {
                // No procfs: fall back to the usual locations.
            }
            foreach (var dir in new[] { "/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib" })
            {
                var candidate = Path.Combine(dir, "libstdc++.so.6");
                if (File.Exists(candidate)) return candidate;
            }
            return null;
        }
    }

    /// <summary>
    /// Reads the GNU symbol-versioning sections of a little-endian ELF64 file: the versions it defines
    /// (.gnu.version_d) and the flags of the versions it needs (.gnu.version_r). Anything else (not ELF64,
    /// truncated, malformed) reads as defining and needing nothing.
    /// </summary>
    internal static class ElfSymbolVersions
    {
        /// <summary>VER_FLG_WEAK: a missing version is a warning, not a load failure.</summary>
        public const byte VerFlagWeak = 0x2;

        private const uint ShtGnuVerdef = 0x6ffffffd;
        private const uint ShtGnuVerneed = 0x6ffffffe;

        /// <summary>True when the file defines the symbol version <paramref name="version"/>.</summary>
        public static bool Defines(byte[] elf, string version)
        {
            foreach (var section in Sections(elf, ShtGnuVerdef))
            {
                // Elf64_Verdef: vd_cnt at 6, vd_aux at 12, vd_next at 16; the first Elf64_Verdaux names the version.
                long def = section.Entries;
                for (int d = 0; d < section.Count && InRange(elf, def, 20); d++)
                {
                    long aux = def + U32(elf, def + 12);
                    if (U16(elf, def + 6) > 0 && InRange(elf, aux, 8) && Name(elf, section.Strings + U32(elf, aux)) == version) return true;
                    long next = U32(elf, def + 16);
                    if (next == 0) break;
                    def += next;
                }
            }
            return false;
        }

        /// <summary>File offsets of the vna_flags of every need for <paramref name="version"/> that is not weak.</summary>
        public static List<long> StrictNeedFlagOffsets(byte[] elf, string version)
        {
            var offsets = new List<long>();
            foreach (var section in Sections(elf, ShtGnuVerneed))
            {
                // Elf64_Verneed: vn_cnt at 2, vn_aux at 8, vn_next at 12.
                // Elf64_Vernaux: vna_flags at 4, vna_name at 8, vna_next at 12.
                long need = section.Entries;
                for (int n = 0; n < section.Count && InRange(elf, need, 16); n++)
                {
                    long aux = need + U32(elf, need + 8);
                    int auxCount = U16(elf, need + 2);
                    for (int a = 0; a < auxCount && InRange(elf, aux, 16); a++)
                    {
                        if ((elf[aux + 4] & VerFlagWeak) == 0 && Name(elf, section.Strings + U32(elf, aux + 8)) == version) offsets.Add(aux + 4);
                        aux += U32(elf, aux + 12);
                    }
                    long next = U32(elf, need + 12);
                    if (next == 0) break;
                    need += next;
                }
            }
            return offsets;
        }

        private struct VersionSection
        {
            public long Entries;
            public long Count;
            public long Strings;
        }

        private static List<VersionSection> Sections(byte[] elf, uint type)
        {
            var sections = new List<VersionSection>();
            bool isElf64LittleEndian = elf.Length >= 64 && elf[0] == 0x7f && elf[1] == (byte)'E' && elf[2] == (byte)'L' && elf[3] == (byte)'F'
                && elf[4] == 2 && elf[5] == 1;
            if (!isElf64LittleEndian) return sections;
            long table = U64(elf, 0x28);
            int entrySize = U16(elf, 0x3A), count = U16(elf, 0x3C);
            if (entrySize < 64) return sections;
            for (int s = 0; s < count; s++)
            {
                // Elf64_Shdr: sh_type at 4, sh_offset at 24, sh_link at 40, sh_info (entry count) at 44.
                long header = table + (long)s * entrySize;
                if (!InRange(elf, header, 64) || U32(elf, header + 4) != type) continue;
                long link = table + (long)U32(elf, header + 40) * entrySize;
                if (!InRange(elf, link, 64)) continue;
                sections.Add(new VersionSection { Entries = U64(elf, header + 24), Count = U32(elf, header + 44), Strings = U64(elf, link + 24) });
            }
            return sections;
        }

        private static bool InRange(byte[] elf, long offset, int length) => offset >= 0 && offset + length <= elf.Length;

        private static string? Name(byte[] elf, long offset)
        {
            if (!InRange(elf, offset, 1)) return null;
            long end = offset;
            while (end < elf.Length && elf[end] != 0) end++;
            return Encoding.ASCII.GetString(elf, (int)offset, (int)(end - offset));
        }

        private static int U16(byte[] elf, long offset) => InRange(elf, offset, 2) ? BitConverter.ToUInt16(elf, (int)offset) : 0;

        private static long U32(byte[] elf, long offset) => InRange(elf, offset, 4) ? BitConverter.ToUInt32(elf, (int)offset) : 0;

        private static long U64(byte[] elf, long offset) => InRange(elf, offset, 8) ? (long)BitConverter.ToUInt64(elf, (int)offset) : -1;
    }

#if !NET
    /// <summary>MSBuild task of the buildTransitive targets: applies <see cref="LibTorchSharpGlibcxxPatch"/> to the given files.</summary>
    public sealed class AudioVisualMarkLibTorchSharpGlibcxxWeak : Microsoft.Build.Utilities.Task
    {
        /// <summary>The libLibTorchSharp.so copies in a build or publish output.</summary>
        [Microsoft.Build.Framework.Required]
        public Microsoft.Build.Framework.ITaskItem[] Files { get; set; } = new Microsoft.Build.Framework.ITaskItem[0];

        /// <inheritdoc />
        public override bool Execute()
        {
            if (!LibTorchSharpGlibcxxPatch.SystemLibStdCxxLacksVersion()) return true;
            foreach (var item in Files)
            {
                if (LibTorchSharpGlibcxxPatch.Patch(item.ItemSpec))
                    Log.LogMessage(Microsoft.Build.Framework.MessageImportance.High,
                        "Marked " + LibTorchSharpGlibcxxPatch.MissingVersion + " weak in " + item.ItemSpec + " (Debian 12 libstdc++ compatibility).");
            }
            return true;
        }
    }
#endif
}
