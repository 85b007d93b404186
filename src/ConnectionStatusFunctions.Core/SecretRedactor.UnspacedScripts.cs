using System.Buffers;

namespace ConnectionStatusFunctions.Core;

// Values written in a script without spaces between words (Thai, Chinese, Japanese, Korean's Hangul) after a key that
// names a secret. Such a value used to count as prose whatever it said, so a Thai password ("ฟหกดเสวง", what
// "asdfghjk" becomes on a Thai keyboard) or a Chinese one stayed; now it is prose only when it says something about
// the key, as a state or a sentence does.
public static partial class SecretRedactor
{
    // Words that a message about a secret holds and a password seldom does: states ("ไม่ถูกต้อง" incorrect, "หมดอายุ"
    // expired, "错误" wrong, "期限切れ" expired, "만료" expired), requirements ("ต้อง" must, "อย่างน้อย" at least, "必須"),
    // the joining words of a sentence ("สำหรับ" for, "ของ" of, "ที่" that, "และ" and) and Japanese polite endings.
    // A random password holds one of them seldom; when it does, it stays, as an English value that reads as prose does.
    private static readonly SearchValues<string> UnspacedStateWording = SearchValues.Create(
    [
        "ไม่", "ผิด", "หมดอายุ", "ว่าง", "จำเป็น", "ต้อง", "ถูก", "เปลี่ยน", "ล็อก", "ล็อค", "สั้น", "ยาวเกิน", "อย่างน้อย",
        "กรุณา", "ระงับ", "รีเซ็ต", "ตั้งค่า", "ลืม", "กรอก", "สำหรับ", "ของ", "ที่", "และ", "หรือ", "จะ", "ได้", "ใช้",
        "ให้", "แล้ว", "ยัง", "เข้าสู่ระบบ", "อีกครั้ง", "หลัก", "ตัวอักษร", "อักขระ", "ซ้ำ", "ปลอดภัย", "ลอง", "ล้มเหลว",
        "ข้อมูล", "ห้าม", "เปิดเผย",
        "错", "錯", "误", "誤", "无效", "無效", "無効", "不", "过期", "過期", "期限", "切れ", "間違", "違", "正しく", "ありません",
        "できません", "です", "ます", "必須", "必填", "为空", "為空", "未設定", "未设置", "失効", "失败", "失敗", "请", "請",
        "ください", "短", "잘못", "틀", "만료", "필수", "없", "않", "오류", "실패",
    ],
        StringComparison.Ordinal);

    /// <summary>
    /// Whether a value after a secret's key is written in a script without spaces between words and says nothing about
    /// the key (see <see cref="UnspacedStateWording"/>): then it is the secret itself, whatever script it is written in.
    /// </summary>
    private static bool IsUnspacedScriptSecret(ReadOnlySpan<char> value) =>
        HasUnspacedScriptLetters(value) && value.IndexOfAny(UnspacedStateWording) < 0;

    // Thai, CJK ideographs, kana and Hangul: vectorized range checks over the blocks they are written in.
    private static bool HasUnspacedScriptLetters(ReadOnlySpan<char> value) =>
        value.ContainsAnyInRange('\u0E01', '\u0E4E') || value.ContainsAnyInRange('\u3040', '\u30FF')
        || value.ContainsAnyInRange('\u3400', '\u9FFF') || value.ContainsAnyInRange('\uAC00', '\uD7AF');
}
