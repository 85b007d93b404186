using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Core.Tests;

/// <summary>
/// A fourth tester of issue 17 (t17d) found the neighbours of every listed spelling leaking, because links, keys and
/// brackets were still lists. These rows hold each kind as a kind: any dash and any space separator read as '-' and ' ',
/// any arrow, any joining of a compound key's parts, a one-run value in any bracket or quotes; and the prose that stays.
/// </summary>
public class SecretRedactorByKindTests
{
    [Theory]
    // Reading: every dash look-alike reads as '-', every space separator as ' ' (t17d 2A hyphen look-alikes, 2F).
    [InlineData("IMAP login failed; password \u2010> Quill73%vx (535)", "IMAP login failed; password -> [REDACTED] (535)")]
    [InlineData("IMAP login failed; token \u2212> Pelican519!rk (535)", "IMAP login failed; token -> [REDACTED] (535)")]
    [InlineData("IMAP login failed; password \uFE63> Harbor28#tq (535)", "IMAP login failed; password -> [REDACTED] (535)")]
    [InlineData("IMAP login failed; password \u2015> Meadow604@jd (535)", "IMAP login failed; password -> [REDACTED] (535)")]
    [InlineData("wallet import failed; mnemonic \u2011> hover quote spike mirror lunch tonight gospel rifle magnet olive velvet pistol (400)", "wallet import failed; mnemonic -> [REDACTED] (400)")]
    [InlineData("login failed: passphrase is hover\u3000quote\u3000spike\u3000mirror (535)", "login failed: passphrase is [REDACTED] (535)")]
    [InlineData("login failed: passphrase is hover\u2009quote\u2009spike\u2009mirror (535)", "login failed: passphrase is [REDACTED] (535)")]
    [InlineData("login failed: passphrase is hover\u00A0quote\u00A0spike\u00A0mirror (535)", "login failed: passphrase is [REDACTED] (535)")]
    [InlineData("login failed: passphrase is hover\u202Fquote\u202Fspike\u202Fmirror (535)", "login failed: passphrase is [REDACTED] (535)")]
    [InlineData("auth failed token\u2010Zq8Wn3Kp7Lm2Rt5Vx rejected", "auth failed token=[REDACTED] rejected")]
    // Link: any arrow, strokes of any length with spaces inside, or any arrow character; unspaced too (t17d 2A, 2C).
    [InlineData("IMAP login failed; password =~> Velvet88$qa (535)", "IMAP login failed; password =~> [REDACTED] (535)")]
    [InlineData("IMAP login failed; token :-> Lantern31!pz (535)", "IMAP login failed; token :-> [REDACTED] (535)")]
    [InlineData("IMAP login failed; password -  > Orchid2291%mw (535)", "IMAP login failed; password -  > [REDACTED] (535)")]
    [InlineData("IMAP login failed; password = = > Tundra775#hs (535)", "IMAP login failed; password = = > [REDACTED] (535)")]
    [InlineData("IMAP login failed; password - - > hover quote spike mirror (535)", "IMAP login failed; password - - > [REDACTED] (535)")]
    [InlineData("IMAP login failed; password-->Saddle406%kj (535)", "IMAP login failed; password-->[REDACTED] (535)")]
    [InlineData("IMAP login failed; password- ->Saddle406%kj (535)", "IMAP login failed; password- ->[REDACTED] (535)")]
    [InlineData("IMAP login failed; token=>Ember61*wu (535)", "IMAP login failed; token=>[REDACTED] (535)")]
    [InlineData("IMAP login failed; api_key=>Ember61*wu (535)", "IMAP login failed; api_key=>[REDACTED] (535)")]
    [InlineData("IMAP login failed; password \u2933 hover quote spike mirror (535)", "IMAP login failed; password \u2933 [REDACTED] (535)")]
    [InlineData("IMAP login failed; password \u21A6 hover quote spike mirror (535)", "IMAP login failed; password \u21A6 [REDACTED] (535)")]
    [InlineData("เข้าสู่ระบบไม่สำเร็จ รหัสผ่าน ว่า Walrus6298$pm กรุณาตรวจสอบ", "เข้าสู่ระบบไม่สำเร็จ รหัสผ่าน ว่า [REDACTED] กรุณาตรวจสอบ")]
    [InlineData("เข้าสู่ระบบไม่สำเร็จ โทเค็น เท่ากับ Walrus550@gs กรุณาตรวจสอบ", "เข้าสู่ระบบไม่สำเร็จ โทเค็น เท่ากับ [REDACTED] กรุณาตรวจสอบ")]
    [InlineData("เข้าสู่ระบบไม่สำเร็จ รหัสผ่าน ที่ป้อนคือ Walrus3035!bl กรุณาตรวจสอบ", "เข้าสู่ระบบไม่สำเร็จ รหัสผ่าน ที่ป้อนคือ [REDACTED] กรุณาตรวจสอบ")]
    [InlineData("เข้าสู่ระบบไม่สำเร็จ รหัสผ่าน ที่กรอกคือ hover quote spike mirror กรุณาตรวจสอบ", "เข้าสู่ระบบไม่สำเร็จ รหัสผ่าน ที่กรอกคือ [REDACTED] กรุณาตรวจสอบ")]
    // Keys: a compound key's parts joined by '_', '.', '-' or nothing, in any case (t17d 2B).
    [InlineData("Login failed for shop 42; pass_code: Gopher110$re; retry later", "Login failed for shop 42; pass_code: [REDACTED]; retry later")]
    [InlineData("Login failed for shop 42; pass_code=Gopher1729#ps", "Login failed for shop 42; pass_code=[REDACTED]")]
    [InlineData("IMAP login failed; pass_word -> Trellis7143#gx (535)", "IMAP login failed; pass_word -> [REDACTED] (535)")]
    [InlineData("IMAP login failed; pass-word is Trellis7143#gx (535)", "IMAP login failed; pass-word is [REDACTED] (535)")]
    [InlineData("IMAP login failed; Pass.Word was Trellis7143#gx (535)", "IMAP login failed; Pass.Word was [REDACTED] (535)")]
    [InlineData("IMAP login failed; Api.Key => Trellis31$zo (535)", "IMAP login failed; Api.Key => [REDACTED] (535)")]
    [InlineData("IMAP login failed; API-KEY is Trellis31$zo (535)", "IMAP login failed; API-KEY is [REDACTED] (535)")]
    // Thai phrase keys take a one-run password as the password keys do; a Thai password key, a space, a lower-case phrase (t17d 2C).
    [InlineData("เข้าสู่ระบบไม่สำเร็จ วลีกู้คืน: Walrus4377#ab กรุณาตรวจสอบอีกครั้ง", "เข้าสู่ระบบไม่สำเร็จ วลีกู้คืน: [REDACTED] กรุณาตรวจสอบอีกครั้ง")]
    [InlineData("เข้าสู่ระบบไม่สำเร็จ คำกู้คืนคือ Walrus2001$dp กรุณาตรวจสอบอีกครั้ง", "เข้าสู่ระบบไม่สำเร็จ คำกู้คืนคือ [REDACTED] กรุณาตรวจสอบอีกครั้ง")]
    [InlineData("เข้าสู่ระบบไม่สำเร็จ วลีสำรอง＝Walrus20#mk กรุณาตรวจสอบอีกครั้ง", "เข้าสู่ระบบไม่สำเร็จ วลีสำรอง=[REDACTED] กรุณาตรวจสอบอีกครั้ง")]
    [InlineData("เข้าสู่ระบบไม่สำเร็จ รหัสผ่าน hover quote spike mirror กรุณาตรวจสอบอีกครั้ง", "เข้าสู่ระบบไม่สำเร็จ รหัสผ่าน [REDACTED] กรุณาตรวจสอบอีกครั้ง")]
    // Brackets and quotes: one run in any bracket pair or quotes, after any link or glued to the key (t17d 2E).
    [InlineData("IMAP: password: (Fjord2758*pk) rejected", "IMAP: password: ([REDACTED]) rejected")]
    [InlineData("IMAP: password -> [Fjord17*hu]", "IMAP: password -> [[REDACTED]]")]
    [InlineData("IMAP: password is {Fjord893!pd} now", "IMAP: password is {[REDACTED]} now")]
    [InlineData("IMAP: password = <Fjord8283@bt>", "IMAP: password = <[REDACTED]>")]
    [InlineData("IMAP: password(Fjord6398*gv) rejected", "IMAP: password([REDACTED]) rejected")]
    [InlineData("IMAP: password「Fjord6291$pm」 rejected", "IMAP: password「[REDACTED]」 rejected")]
    [InlineData("IMAP: passphrase{Fjord55!jn} rejected", "IMAP: passphrase{[REDACTED]} rejected")]
    [InlineData("IMAP: the password provided \"Fjord6298$pm\" is wrong", "IMAP: the password provided \"[REDACTED]\" is wrong")]
    [InlineData("IMAP: the password provided «Fjord6299$pm» is wrong", "IMAP: the password provided «[REDACTED]» is wrong")]
    public void ASecretIsRedactedWhateverTheKindOfItsLink(string message, string expected) =>
        Assert.Equal(expected, SecretRedactor.Redact(message));

    [Theory]
    // Dashes and spaces of other forms in ordinary text stay as written.
    [InlineData("status: connected \u2010> error")]
    [InlineData("password \u2010> not set")]
    [InlineData("retry \u2014 ok")]
    [InlineData("season 2024\u20132025 sync finished")]
    [InlineData("Error\u00A0401:\u00A0Unauthorized")]
    [InlineData("エラー：接続\u3000できません")]
    [InlineData("well\u2010known host refused the connection")]
    [InlineData("A\u00A0=>\u00A0B")]
    [InlineData("retry -> ok")]
    [InlineData("A => B")]
    [InlineData("status: connected -> error")]
    [InlineData("password -> not set")]
    [InlineData("token -> expired")]
    [InlineData("version 2.14.3 -> 2.15.0")]
    [InlineData("sync: pending = = > paid")]
    [InlineData("order 12345: pending \u2933 paid")]
    [InlineData("รหัสผ่านว่างเปล่า กรุณาตรวจสอบ")]
    [InlineData("ระบบแจ้งว่า รหัสผ่าน ไม่ถูกต้อง")]
    [InlineData("the pass code must have six digits")]
    [InlineData("วลีกู้คืนคือคำ 12 คำที่ใช้กู้คืนกระเป๋า")]
    [InlineData("password: (none) set for this shop")]
    [InlineData("token [expired] for shop 42")]
    [InlineData("Enter your <password> in the form")]
    [InlineData("the password provided \"twice\" is wrong")]
    [InlineData("password(s) expired for 3 users")]
    [InlineData("วลีกู้คืน ไม่ถูกต้อง กรุณาตรวจสอบ")]
    [InlineData("โทเค็น hover quote spike mirror กรุณาตรวจสอบ")]
    public void OrdinaryTextWithLinksOfAnyKindStaysAsWritten(string message) =>
        Assert.Equal(message, SecretRedactor.Redact(message));
}
