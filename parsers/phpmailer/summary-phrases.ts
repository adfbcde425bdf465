// The PHPMailer-class messages that restate a failed send, in the languages PHPMailer ships (setLanguage()).
//
// Facts learned from PHPMailer's language/phpmailer.lang-XX.php files (keys authenticate, connect_host,
// data_not_accepted, from_failed, recipients_failed, smtp_connect_failed, smtp_error, smtp_detail,
// smtp_code, smtp_code_ex) and from the English defaults in PHPMailer.php; the wording here is ours to
// match, not a copy of those files. Two facts make other languages tractable:
// - setLanguage() starts from the English table and overlays the language file, so a key a translation
//   lacks (most lack smtp_detail / smtp_code / smtp_code_ex) is written in English;
// - the SMTP class never translates: `DATA END command failed`, `Failed to connect to server`, and
//   lang('smtp_connect_failed') always gets the ` https://github.com/PHPMailer/PHPMailer/wiki/Troubleshooting`
//   link appended (PHPMailer.php lang()), whatever the language.
// Phrases are compared after whitespace normalisation (French files put U+202F before colons; html mode
// shows U+00A0), case-sensitively; spellings that changed across versions are listed each.
import type { SummaryKind } from './read-entry.js';

export interface PhraseHit {
  kind: SummaryKind;
  /** Where the phrase starts in the searched text. */
  at: number;
  /** Where what follows the phrase starts (the recipients, the From address...). */
  end: number;
}

/**
 * lang('tls') of 5.0-5.2.7 (smtpConnect() throws it when startTLS() fails) with the key missing from the
 * table: a summary of kind 'connect' whose stage is TLS (transcript-parser.ts summaryStage()).
 */
export const TLS_KEY_MISSING = 'Language string failed to load: tls';

/** [phrase, kind]: English first (every version's spelling), then the translations. */
const PHRASES: readonly (readonly [string, SummaryKind])[] = [
  // English, v5.x-v6.x (v5.2.x wrote "Data not accepted", "SMTP Connect() failed").
  ['SMTP Error: Could not authenticate', 'auth'],
  ['SMTP Error: Could not connect to SMTP host', 'connect'],
  ['SMTP connect() failed', 'connect'],
  ['SMTP Connect() failed', 'connect'],
  ['SMTP Error: data not accepted', 'data'],
  ['SMTP Error: Data not accepted', 'data'],
  ['SMTP Error: The following recipients failed: ', 'rcpt'],
  ['The following From address failed: ', 'from'],
  // The same with an empty From address once the page lost its blanks (`failed:  : MAIL FROM` shown as
  // `failed:: MAIL FROM`, YetiForceCompany/YetiForceCRM#13112): listed after the spaced one, which wins.
  ['The following From address failed:', 'from'],
  // Joomla 3 gives PHPMailer its own table (libraries/joomla/mail/language/phpmailer.lang-joomla.php maps
  // each key to a PHPMAILER_* string of en-GB.ini, seen in joomla/joomla-cms#31499): "SMTP Error!" and a
  // lowercase "from"; the ini strings end without a space, so the address may be glued to the colon.
  ['SMTP Error! Could not authenticate', 'auth'],
  ['SMTP Error! Could not connect to SMTP host', 'connect'],
  ['SMTP Error! Data not accepted', 'data'],
  ['SMTP Error! The following recipients failed: ', 'rcpt'],
  ['SMTP Error! The following recipients failed:', 'rcpt'],
  ['The following from address failed: ', 'from'],
  ['The following from address failed:', 'from'],
  // An ErrorInfo whose message part was dropped by the application: only the SMTP-class error is left.
  ['SMTP server error: ', 'server-error'],
  // Lang() of 5.x (before the later 5.2.x returned the bare key, as 6.x does: "Return the key as a fallback")
  // returns "Language string failed to load: <key>" when its table lacks the key:
  // a language file PHPMailer could not find, or the 'tls' key English tables of 5.2.x lacked (PHPMailer
  // issues #521, #1295, #1296). The key names the failure as the message would have (recipients_failed
  // and from_failed are followed by the address, with no space).
  ['Language string failed to load: authenticate', 'auth'],
  ['Language string failed to load: connect_host', 'connect'],
  ['Language string failed to load: smtp_connect_failed', 'connect'],
  [TLS_KEY_MISSING, 'connect'],
  ['Language string failed to load: data_not_accepted', 'data'],
  ['Language string failed to load: recipients_failed', 'rcpt'],
  ['Language string failed to load: from_failed', 'from'],
  // German (two spellings across versions)
  ['SMTP-Fehler: Authentifizierung fehlgeschlagen', 'auth'],
  ['SMTP Fehler: Authentifizierung fehlgeschlagen', 'auth'],
  ['SMTP-Fehler: Konnte keine Verbindung zum SMTP-Host herstellen', 'connect'],
  ['SMTP Fehler: Konnte keine Verbindung zum SMTP-Host herstellen', 'connect'],
  ['SMTP-Fehler: Daten werden nicht akzeptiert', 'data'],
  ['SMTP Fehler: Daten werden nicht akzeptiert', 'data'],
  ['SMTP-Fehler: Die folgenden Empfänger sind nicht korrekt: ', 'rcpt'],
  ['SMTP Fehler: Die folgenden Empfänger sind nicht korrekt: ', 'rcpt'],
  ['Die folgende Absenderadresse ist nicht korrekt: ', 'from'],
  ['Verbindung zum SMTP-Server fehlgeschlagen', 'connect'],
  ['Verbindung zu SMTP Server fehlgeschlagen', 'connect'],
  // French
  ["Erreur SMTP : échec de l'authentification", 'auth'],
  ['Erreur SMTP : impossible de se connecter au serveur SMTP', 'connect'],
  ['Erreur SMTP : données incorrectes', 'data'],
  ['Erreur SMTP : les destinataires suivants sont en erreur : ', 'rcpt'],
  ["L'adresse d'expéditeur suivante a échouée : ", 'from'],
  ["L'adresse d'expéditeur suivante a échoué : ", 'from'],
  ['Échec de la connexion SMTP', 'connect'],
  // Spanish
  ['Error SMTP: Imposible autentificar', 'auth'],
  ['Error SMTP: Imposible conectar al servidor SMTP', 'connect'],
  ['Error SMTP: Datos no aceptados', 'data'],
  ['Error SMTP: Los siguientes destinos fallaron: ', 'rcpt'],
  ['La siguiente dirección de remitente falló: ', 'from'],
  ['SMTP Connect() falló', 'connect'],
  // Portuguese (Portugal) and Brazilian Portuguese (pt_br, and the older "br" file)
  ['Erro SMTP: Falha na autenticação', 'auth'],
  ['Erro SMTP: Não foi possível ligar ao servidor SMTP', 'connect'],
  ['Erro SMTP: Dados não aceites', 'data'],
  ['Erro SMTP: Falha no envio para os seguintes destinatários: ', 'rcpt'],
  ['O envio falhou para o seguinte endereço do remetente: ', 'from'],
  ['Falha na função SMTP connect()', 'connect'],
  ['Erro de SMTP: Não foi possível autenticar', 'auth'],
  ['Erro de SMTP: Não foi possível conectar ao servidor SMTP', 'connect'],
  ['Erro de SMTP: Não foi possível conectar com o servidor SMTP', 'connect'],
  ['Erro de SMTP: Dados rejeitados', 'data'],
  ['Erro de SMTP: Dados não aceitos', 'data'],
  ['Erro de SMTP: Os seguintes destinatários falharam: ', 'rcpt'],
  ['Erro de SMTP: Os endereços de destinatário a seguir falharam: ', 'rcpt'],
  ['Os seguintes remetentes falharam: ', 'from'],
  ['Os endereços de rementente a seguir falharam: ', 'from'],
  ['SMTP Connect() falhou', 'connect'],
  // Italian
  ['SMTP Error: Impossibile autenticarsi', 'auth'],
  ["SMTP Error: Impossibile connettersi all'host SMTP", 'connect'],
  ['SMTP Error: Dati non accettati dal server', 'data'],
  ['SMTP Error: I seguenti indirizzi destinatari hanno generato un errore: ', 'rcpt'],
  ['I seguenti indirizzi mittenti hanno generato errore: ', 'from'],
  ['SMTP Connect() fallita', 'connect'],
  // Dutch
  ['SMTP-fout: authenticatie mislukt', 'auth'],
  ['SMTP-fout: kon niet verbinden met SMTP-host', 'connect'],
  ['SMTP-fout: data niet geaccepteerd', 'data'],
  ['SMTP-fout: de volgende ontvangers zijn mislukt: ', 'rcpt'],
  ['Het volgende afzendersadres is mislukt: ', 'from'],
  ['SMTP Verbinding mislukt', 'connect'],
  // Russian
  ['Ошибка SMTP: ошибка авторизации', 'auth'],
  ['Ошибка SMTP: не удается подключиться к SMTP-серверу', 'connect'],
  ['Ошибка SMTP: не удается подключиться к серверу SMTP', 'connect'],
  ['Ошибка SMTP: данные не приняты', 'data'],
  ['Ошибка SMTP: не удалась отправка таким адресатам: ', 'rcpt'],
  ['Неверный адрес отправителя: ', 'from'],
  ['Ошибка соединения с SMTP-сервером', 'connect'],
  // Polish
  ['Błąd SMTP: Nie można przeprowadzić uwierzytelnienia', 'auth'],
  ['Błąd SMTP: Nie można połączyć się z wybranym hostem', 'connect'],
  ['Błąd SMTP: Dane nie zostały przyjęte', 'data'],
  ['Błąd SMTP: Następujący odbiorcy są nieprawidłowi: ', 'rcpt'],
  ['Następujący adres Nadawcy jest nieprawidłowy: ', 'from'],
  ['SMTP Connect() zakończone niepowodzeniem', 'connect'],
  // Turkish
  ['SMTP Hatası: Oturum açılamadı', 'auth'],
  ['SMTP Hatası: SMTP sunucusuna bağlanılamadı', 'connect'],
  ['SMTP Hatası: Veri kabul edilmedi', 'data'],
  ['SMTP Hatası: Belirtilen alıcılara ulaşılamadı: ', 'rcpt'],
  ['Belirtilen adreslere gönderme başarısız: ', 'from'],
  ['SMTP connect() fonksiyonu başarısız', 'connect'],
  // Indonesian
  ['Kesalahan SMTP: Tidak dapat mengotentikasi', 'auth'],
  ['Kesalahan SMTP: Tidak dapat terhubung ke host SMTP', 'connect'],
  ['Kesalahan SMTP: Data tidak diterima peladen', 'data'],
  ['Kesalahan SMTP: Data tidak diterima', 'data'],
  ['Kesalahan SMTP: Alamat tujuan berikut menghasilkan kesalahan : ', 'rcpt'],
  ['Alamat pengirim berikut mengakibatkan kesalahan : ', 'from'],
  ['SMTP Connect() gagal', 'connect'],
  // Czech
  ['Chyba SMTP: Autentizace selhala', 'auth'],
  ['Chyba SMTP: Nelze navázat spojení se SMTP serverem', 'connect'],
  ['Chyba SMTP: Data nebyla přijata', 'data'],
  ['Chyba SMTP: Následující adresy příjemců nejsou správně: ', 'rcpt'],
  ['Následující adresa odesílatele je nesprávná: ', 'from'],
  ['SMTP Connect() selhal', 'connect'],
  // the older "cz" file (5.x)
  ['SMTP Error: Chyba autentikace', 'auth'],
  ['SMTP Error: Nelze navázat spojení se SMTP serverem', 'connect'],
  ['SMTP Error: Data nebyla pøijata', 'data'],
  ['SMTP Error: Adresy pøíjemcù nejsou správné', 'rcpt'],
  ['Následující adresa From je nesprávná: ', 'from'],
  // Simplified Chinese, Japanese
  ['SMTP 错误：登录失败', 'auth'],
  ['SMTP 错误：无法连接到 SMTP 主机', 'connect'],
  ['SMTP 错误：数据不被接受', 'data'],
  ['SMTP 错误：收件人地址错误：', 'rcpt'],
  ['发送地址错误：', 'from'],
  ['SMTP服务器连接失败', 'connect'],
  // Traditional Chinese (the "zh" file) and the older "ch" file
  ['SMTP 錯誤：登錄失敗', 'auth'],
  ['SMTP 錯誤：無法連接到 SMTP 主機', 'connect'],
  ['SMTP 錯誤：數據不被接受', 'data'],
  ['SMTP 錯誤：收件人地址錯誤：', 'rcpt'],
  ['發送地址錯誤：', 'from'],
  ['SMTP 错误：身份验证失败', 'auth'],
  ['SMTP 错误: 不能连接SMTP主机', 'connect'],
  ['SMTP 错误: 数据不可接受', 'data'],
  ['SMTP 错误： 下面的 收件人失败了： ', 'rcpt'],
  ['下面的发送地址邮件发送失败了： ', 'from'],
  ['SMTPエラー: 認証できませんでした', 'auth'],
  ['SMTPエラー: SMTPホストに接続できませんでした', 'connect'],
  ['SMTPエラー: データが受け付けられませんでした', 'data'],
  ['SMTPエラー: 次の受信者アドレスに 間違いがあります: ', 'rcpt'],
  ['Fromアドレスを登録する際にエラーが発生しました: ', 'from'],
  // Afrikaans
  ['SMTP-fout: kon nie geverifieer word nie', 'auth'],
  ['SMTP-fout: kon nie aan SMTP-verbind nie', 'connect'],
  ['SMTP-verbinding () misluk', 'connect'],
  ['SMTP-fout: data nie aanvaar nie', 'data'],
  ['SMTP-fout: Die volgende ontvangers het misluk: ', 'rcpt'],
  ['Die volgende Van adres misluk: ', 'from'],
  // Arabic
  ['خطأ SMTP : لا يمكن تأكيد الهوية', 'auth'],
  ['خطأ SMTP: لا يمكن الاتصال بالخادم SMTP', 'connect'],
  ['SMTP Connect() غير ممكن', 'connect'],
  ['خطأ SMTP: لم يتم قبول المعلومات', 'data'],
  ['خطأ SMTP: الأخطاء التالية فشل في الارسال لكل من : ', 'rcpt'],
  ['خطأ على مستوى عنوان المرسل : ', 'from'],
  // Assamese
  ['SMTP ত্ৰুটি: প্ৰমাণীকৰণ কৰিব নোৱাৰি', 'auth'],
  ['SMTP ত্ৰুটি: SMTP চাৰ্ভাৰৰ সৈতে সংযোগ কৰিবলে অক্ষম', 'connect'],
  ['SMTP সংযোগ() ব্যৰ্থ', 'connect'],
  ['SMTP ত্ৰুটি: তথ্য গ্ৰহণ কৰা হোৱা নাই', 'data'],
  ['SMTP ত্ৰুটি: নিম্নলিখিত গন্তব্যস্থানসমূহ ব্যৰ্থ: ', 'rcpt'],
  ['নিম্নলিখিত প্ৰেৰকৰ ঠিকনা(সমূহ) ব্যৰ্থ: ', 'from'],
  // Azerbaijani
  ['SMTP xətası: Giriş uğursuz oldu', 'auth'],
  ['SMTP xətası: SMTP serverinə qoşulma uğursuz oldu', 'connect'],
  ['SMTP serverinə qoşulma uğursuz oldu', 'connect'],
  ['SMTP xətası: Verilənlər qəbul edilməyib', 'data'],
  ['SMTP xətası: Aşağıdakı ünvanlar üzrə alıcılara göndərmə uğursuzdur: ', 'rcpt'],
  ['Göstərilən poçtlara göndərmə uğursuz oldu: ', 'from'],
  // Bosnian (file lang-ba)
  ['SMTP Greška: Neuspjela prijava', 'auth'],
  ['SMTP Greška: Nije moguće spojiti se sa SMTP serverom', 'connect'],
  ['Spajanje na SMTP server nije uspjelo', 'connect'],
  ['SMTP Greška: Podatci nisu prihvaćeni', 'data'],
  ['SMTP Greška: Slanje na navedene e-mail adrese nije uspjelo: ', 'rcpt'],
  ['SMTP Greška: Slanje sa navedenih e-mail adresa nije uspjelo: ', 'from'],
  // Belarusian
  ['Памылка SMTP: памылка ідэнтыфікацыі', 'auth'],
  ['Памылка SMTP: нельга ўстанавіць сувязь з SMTP-серверам', 'connect'],
  ['Памылка сувязі з SMTP-серверам', 'connect'],
  ['Памылка SMTP: звесткі непрынятыя', 'data'],
  ['Памылка SMTP: няправільныя атрымальнікі: ', 'rcpt'],
  ['Няправільны адрас адпраўніка: ', 'from'],
  // Bulgarian
  ['SMTP грешка: Не може да се удостовери пред сървъра', 'auth'],
  ['SMTP грешка: Не може да се свърже с SMTP хоста', 'connect'],
  ['SMTP провален connect()', 'connect'],
  ['SMTP грешка: данните не са приети', 'data'],
  ['SMTP грешка: Следните адреси за Получател са невалидни: ', 'rcpt'],
  ['Следните адреси за подател са невалидни: ', 'from'],
  // Bengali
  ['SMTP ত্রুটি: প্রমাণীকরণ করতে অক্ষম', 'auth'],
  ['SMTP ত্রুটি: SMTP সার্ভারের সাথে সংযোগ করতে অক্ষম', 'connect'],
  ['SMTP সংযোগ() ব্যর্থ হয়েছে', 'connect'],
  ['SMTP ত্রুটি: ডেটা গ্রহণ করা হয়নি', 'data'],
  ['SMTP ত্রুটি: নিম্নলিখিত গন্তব্যগুলি ব্যর্থ হয়েছে: ', 'rcpt'],
  ['নিম্নলিখিত প্রেরকের ঠিকানা(গুলি) ব্যর্থ হয়েছে: ', 'from'],
  // Catalan (5.x file)
  ["Error SMTP: No s'hapogut autenticar", 'auth'],
  ['Error SMTP: No es pot connectar al servidor SMTP', 'connect'],
  ['Error SMTP: Dades no acceptades', 'data'],
  ['Error SMTP: Els següents destinataris han fallat: ', 'rcpt'],
  ['La(s) següent(s) adreces de remitent han fallat: ', 'from'],
  // Danish (da, and the older dk file)
  ['SMTP fejl: Login mislykkedes', 'auth'],
  ['SMTP fejl: Kunne ikke logge på', 'auth'],
  ['SMTP fejl: Forbindelse til SMTP serveren kunne ikke oprettes', 'connect'],
  ['SMTP fejl: Kunne ikke tilslutte SMTP serveren', 'connect'],
  ['SMTP Connect() fejlede', 'connect'],
  ['SMTP fejl: Data blev ikke accepteret', 'data'],
  ['SMTP fejl: Data kunne ikke accepteres', 'data'],
  ['SMTP fejl: Følgende modtagere er forkerte: ', 'rcpt'],
  ['Følgende afsenderadresse er forkert: ', 'from'],
  // Greek
  ['SMTP Σφάλμα: Αδυναμία πιστοποίησης (authentication)', 'auth'],
  ['SMTP Σφάλμα: Αδυναμία σύνδεσης στον SMTP-Host', 'connect'],
  ['Αποτυχία σύνδεσης στον SMTP Server', 'connect'],
  ['SMTP Σφάλμα: Τα δεδομένα δεν έγιναν αποδεκτά', 'data'],
  ['SMTP Σφάλμα: Οι παρακάτω διευθύνσεις παραλήπτη δεν είναι έγκυρες: ', 'rcpt'],
  ['Η παρακάτω διεύθυνση αποστολέα δεν είναι σωστή: ', 'from'],
  // Esperanto
  ['Eraro de servilo SMTP : aŭtentigo malsukcesis', 'auth'],
  ['Eraro de servilo SMTP : konektado al servilo malsukcesis', 'connect'],
  ['SMTP konektado malsukcesis', 'connect'],
  ['Eraro de servilo SMTP : neĝustaj datumoj', 'data'],
  ['Eraro de servilo SMTP : la jenaj poŝtrecivuloj kaŭzis eraron: ', 'rcpt'],
  ['Jena adreso de sendinto malsukcesis: ', 'from'],
  // Estonian (5.x file)
  ['SMTP Viga: Autoriseerimise viga', 'auth'],
  ['SMTP Viga: Ei õnnestunud luua ühendust SMTP serveriga', 'connect'],
  ['SMTP Viga: Vigased andmed', 'data'],
  ['SMTP Viga: Järgnevate saajate e-posti aadressid on vigased: ', 'rcpt'],
  ['Järgnev saatja e-posti aadress on vigane: ', 'from'],
  // Persian
  ['خطای SMTP: احراز هویت با شکست مواجه شد', 'auth'],
  ['خطای SMTP: اتصال به سرور SMTP برقرار نشد', 'connect'],
  ['خطا در اتصال به SMTP', 'connect'],
  ['خطای SMTP: دادهها نادرست هستند', 'data'],
  ['خطای SMTP: ارسال به آدرس گیرنده با خطا مواجه شد: ', 'rcpt'],
  ['آدرس فرستنده اشتباه است: ', 'from'],
  // Finnish
  ['SMTP-virhe: käyttäjätunnistus epäonnistui', 'auth'],
  ['SMTP-virhe: yhteys palvelimeen ei onnistu', 'connect'],
  ['SMTP-virhe: data on virheellinen', 'data'],
  ['SMTP-virhe: seuraava vastaanottaja osoite on virheellinen', 'rcpt'],
  ['Seuraava lähettäjän osoite on virheellinen: ', 'from'],
  // Faroese (5.x file)
  ['SMTP feilur: Kundi ikki góðkenna', 'auth'],
  ['SMTP feilur: Kundi ikki knýta samband við SMTP vert', 'connect'],
  ['SMTP feilur: Data ikki góðkent', 'data'],
  ['SMTP Feilur: Fylgjandi móttakarar miseydnaðust: ', 'rcpt'],
  ['fylgjandi Frá/From adressa miseydnaðist: ', 'from'],
  // Galician
  ['Erro SMTP: Non puido ser autentificado', 'auth'],
  ['Erro SMTP: Non puido conectar co servidor SMTP', 'connect'],
  ['SMTP Connect() fallou', 'connect'],
  ['Erro SMTP: Datos non aceptados', 'data'],
  ['Erro SMTP: Os seguintes destinos fallaron: ', 'rcpt'],
  ['A(s) seguinte(s) dirección(s) de remitente(s) deron erro: ', 'from'],
  // Hebrew
  ['שגיאת SMTP: פעולת האימות נכשלה', 'auth'],
  ['שגיאת SMTP: לא הצלחתי להתחבר לשרת SMTP', 'connect'],
  ['שגיאת SMTP: מידע לא התקבל', 'data'],
  ['שגיאת SMTP: הנמענים הבאים נכשלו: ', 'rcpt'],
  ['כתובות הנמענים הבאות נכשלו: ', 'from'],
  // Hindi
  ['SMTP त्रुटि: प्रामाणिकता की जांच नहीं हो सका', 'auth'],
  ['SMTP त्रुटि: SMTP सर्वर से कनेक्ट नहीं हो सका', 'connect'],
  ['SMTP का connect () फ़ंक्शन विफल हुआ', 'connect'],
  ['SMTP त्रुटि: डेटा स्वीकार नहीं किया जाता है', 'data'],
  ['SMTP त्रुटि: निम्न प्राप्तकर्ताओं को पते भेजने में विफल', 'rcpt'],
  ['प्रेषक का पता गलत है', 'from'],
  // Croatian
  ['SMTP Greška: Neuspjela autentikacija', 'auth'],
  ['SMTP Greška: Ne mogu se spojiti na SMTP poslužitelj', 'connect'],
  ['Spajanje na SMTP poslužitelj nije uspjelo', 'connect'],
  ['SMTP Greška: Slanje na navedenih e-mail adresa nije uspjelo: ', 'rcpt'],
  ['SMTP Greška: Slanje s navedenih e-mail adresa nije uspjelo: ', 'from'],
  // Hungarian
  ['SMTP hiba: az azonosítás sikertelen', 'auth'],
  ['SMTP hiba: nem lehet kapcsolódni az SMTP-szerverhez', 'connect'],
  ['Hiba az SMTP-kapcsolatban', 'connect'],
  ['SMTP hiba: adatok visszautasítva', 'data'],
  ['SMTP hiba: a címzettként megadott következő címek hibásak: ', 'rcpt'],
  ['A feladóként megadott következő cím hibás: ', 'from'],
  // Armenian
  ['SMTP -ի սխալ: չհաջողվեց ստուգել իսկությունը', 'auth'],
  ['SMTP -ի սխալ: չհաջողվեց կապ հաստատել SMTP սերվերի հետ', 'connect'],
  ['SMTP -ի connect() ֆունկցիան չի հաջողվել', 'connect'],
  ['SMTP -ի սխալ: տվյալները ընդունված չեն', 'data'],
  ['SMTP -ի սխալ: չի հաջողվել ուղարկել հետևյալ ստացողների հասցեներին: ', 'rcpt'],
  ['Ուղարկողի հետևյալ հասցեն սխալ է: ', 'from'],
  // Georgian
  ['SMTP შეცდომა: ავტორიზაცია შეუძლებელია', 'auth'],
  ['SMTP შეცდომა: SMTP სერვერთან დაკავშირება შეუძლებელია', 'connect'],
  ['შეცდომა SMTP სერვერთან დაკავშირებისას', 'connect'],
  ['SMTP შეცდომა: მონაცემები არ იქნა მიღებული', 'data'],
  ['SMTP შეცდომა: შემდეგ მისამართებზე გაგზავნა ვერ მოხერხდა: ', 'rcpt'],
  ['გამგზავნის არასწორი მისამართი: ', 'from'],
  // Korean
  ['SMTP 오류: 인증할 수 없습니다', 'auth'],
  ['SMTP 오류: SMTP 호스트에 접속할 수 없습니다', 'connect'],
  ['SMTP 연결을 실패하였습니다', 'connect'],
  ['SMTP 오류: 데이터가 받아들여지지 않았습니다', 'data'],
  ['SMTP 오류: 다음 수신자에서 오류가 발생했습니다: ', 'rcpt'],
  ['다음 From 주소에서 오류가 발생했습니다: ', 'from'],
  // Kurdish (Sorani)
  ['هەڵەی SMTP : نەتوانرا کۆدەکە پشتڕاست بکرێتەوە', 'auth'],
  ['هەڵەی SMTP: نەتوانرا پەیوەندی بە سێرڤەرەوە بکات SMTP', 'connect'],
  ['SMTP Connect()پەیوەندی شکستی هێنا', 'connect'],
  ['هەڵەی SMTP: ئەو زانیاریانە قبوڵ نەکرا', 'data'],
  ['هەڵەی SMTP: ئەم هەڵانەی خوارەوەشکستی هێنا لە ناردن بۆ هەردووکیان: ', 'rcpt'],
  ['هەڵە لە ئاستی ناونیشانی نێرەر: ', 'from'],
  // Lithuanian
  ['SMTP klaida: autentifikacija nepavyko', 'auth'],
  ['SMTP klaida: nepavyksta prisijungti prie SMTP stoties', 'connect'],
  ['SMTP susijungimo klaida', 'connect'],
  ['SMTP klaida: duomenys nepriimti', 'data'],
  ['SMTP klaida: nepavyko išsiųsti šiems gavėjams: ', 'rcpt'],
  ['Neteisingas siuntėjo adresas: ', 'from'],
  // Latvian
  ['SMTP kļūda: Autorizācija neizdevās', 'auth'],
  ['SMTP Kļūda: Nevar izveidot savienojumu ar SMTP serveri', 'connect'],
  ['SMTP savienojuma kļūda', 'connect'],
  ['SMTP Kļūda: Nepieņem informāciju', 'data'],
  ['SMTP kļūda: neizdevās nosūtīt šādiem saņēmējiem: ', 'rcpt'],
  ['Nepareiza sūtītāja adrese: ', 'from'],
  // Malagasy
  ['Hadisoana SMTP: Tsy nahomby ny fanamarinana', 'auth'],
  ["SMTP Error: Tsy afaka mampifandray amin'ny mpampiantrano SMTP", 'connect'],
  ["Tsy nahomby ny fifandraisana tamin'ny server SMTP", 'connect'],
  ['SMTP diso: tsy voarakitra ny angona', 'data'],
  ['SMTP Error: Tsy mety ireo mpanaraka ireto: ', 'rcpt'],
  ['Ny adiresy iraka manaraka dia diso: ', 'from'],
  // Malay
  ['Ralat SMTP: Tidak dapat pengesahan', 'auth'],
  ['Ralat SMTP: Tidak dapat menghubungi hos pelayan SMTP', 'connect'],
  ['SMTP Connect() telah gagal', 'connect'],
  ['Ralat SMTP: Data tidak diterima oleh pelayan', 'data'],
  ['Ralat SMTP: Penerima e-mel berikut telah gagal: ', 'rcpt'],
  ['Berikut merupakan ralat dari alamat e-mel: ', 'from'],
  // Norwegian (nb, and the older no file)
  ['SMTP-feil: Kunne ikke autentisere', 'auth'],
  ['SMTP Feil: Kunne ikke authentisere', 'auth'],
  ['SMTP-feil: Kunne ikke koble til SMTP-vert', 'connect'],
  ['SMTP Feil: Kunne ikke koble til SMTP host', 'connect'],
  ['SMTP connect() mislyktes', 'connect'],
  ['SMTP Connect() feilet', 'connect'],
  ['SMTP-feil: data ikke akseptert', 'data'],
  ['SMTP Feil: Data ble ikke akseptert', 'data'],
  ['SMTP Feil: Følgende mottakeradresse feilet: ', 'rcpt'],
  ['SMTP Feil: Følgende mottagere feilet: ', 'rcpt'],
  ['Følgende avsenderadresse mislyktes: ', 'from'],
  ['Følgende avsenderadresse feilet: ', 'from'],
  // Romanian
  ['Eroare SMTP: Autentificarea a eșuat', 'auth'],
  ['Eroare SMTP: Conectarea la serverul SMTP a eșuat', 'connect'],
  ['Conectarea la serverul SMTP a eșuat', 'connect'],
  ['Eroare SMTP: Datele nu au fost acceptate', 'data'],
  ['Eroare SMTP: Următoarele adrese de email au eșuat: ', 'rcpt'],
  ['Următoarele adrese From au dat eroare: ', 'from'],
  // Swedish (sv, and the older se file)
  ['SMTP fel: Kunde inte autentisera', 'auth'],
  ['SMTP fel: Kunde inte ansluta till SMTP-server', 'connect'],
  ['SMTP Connect() misslyckades', 'connect'],
  ['SMTP fel: Data accepterades inte', 'data'],
  ['SMTP fel: Följande mottagare är felaktig: ', 'rcpt'],
  ['Följande avsändaradress är felaktig: ', 'from'],
  // Sinhala (the file is in a legacy font encoding: these Latin letters are what it writes)
  ['SMTP fodihls: l%shd lrúh fkdyl', 'auth'],
  ['SMTP fodihls: iïnkao l, fkdyl', 'connect'],
  ['SMTP iïnkao l, fkdyl', 'connect'],
  ['SMTP fodihls: o;a; Ndr .; fkdyl', 'data'],
  ['SMTP fodihls: mksúvh ,.d l, fkdyl: ', 'rcpt'],
  ['f*d¾uh jrÈh: ', 'from'],
  // Slovak
  ['SMTP Error: Chyba autentifikácie', 'auth'],
  ['SMTP Error: Nebolo možné nadviazať spojenie so SMTP serverom', 'connect'],
  ['SMTP Connect() zlyhalo', 'connect'],
  ['SMTP Error: Dáta neboli prijaté', 'data'],
  ['SMTP Error: Adresy príjemcov niesu správne', 'rcpt'],
  ['Následujúca adresa From je nesprávna: ', 'from'],
  // Slovene
  ['SMTP napaka: Avtentikacija ni uspela', 'auth'],
  ['SMTP napaka: Vzpostavljanje povezave s SMTP gostiteljem ni uspelo', 'connect'],
  ['Ne morem vzpostaviti povezave s SMTP strežnikom', 'connect'],
  ['SMTP napaka: Strežnik zavrača podatke', 'data'],
  ['SMTP napaka: Sledeči naslovniki so neveljavni: ', 'rcpt'],
  ['Neveljaven e-naslov pošiljatelja: ', 'from'],
  // Serbian
  ['SMTP грешка: аутентификација није успела', 'auth'],
  ['SMTP грешка: повезивање са SMTP сервером није успело', 'connect'],
  ['Повезивање са SMTP сервером није успело', 'connect'],
  ['SMTP грешка: подаци нису прихваћени', 'data'],
  ['SMTP грешка: слање на следеће адресе није успело: ', 'rcpt'],
  ['SMTP грешка: слање са следећих адреса није успело: ', 'from'],
  // Tagalog
  ['SMTP Error: Hindi mapatotohanan', 'auth'],
  ['SMTP Error: Hindi makakonekta sa SMTP host', 'connect'],
  ['Ang SMTP connect() ay nabigo', 'connect'],
  ['SMTP Error: Ang datos ay hindi naitanggap', 'data'],
  ['SMTP Error: Ang mga sumusunod na tatanggap ay nabigo: ', 'rcpt'],
  ['Ang sumusunod na address ay nabigo: ', 'from'],
  // Ukrainian
  ['Помилка SMTP: помилка авторизації', 'auth'],
  ["Помилка SMTP: не вдається під'єднатися до SMTP-серверу", 'connect'],
  ["Помилка з'єднання з SMTP-сервером", 'connect'],
  ['Помилка SMTP: дані не прийнято', 'data'],
  ['Помилка SMTP: не вдалося відправлення для таких отримувачів: ', 'rcpt'],
  ['Невірна адреса відправника: ', 'from'],
  // Urdu
  ['SMTP خرابی: تصدیق کرنے سے قاصر', 'auth'],
  ['SMTP خرابی: سرور سے منسلک ہونے سے قاصر', 'connect'],
  ['SMTP ملنا ناکام ہوا', 'connect'],
  ['SMTP خرابی: ڈیٹا قبول نہیں کیا گیا', 'data'],
  ['SMTP خرابی: درج ذیل پتہ پر نہیں بھیجا جاسکا: ', 'rcpt'],
  ['درج ذیل بھیجنے والے کا پتہ ناکام ہو گیا:', 'from'],
  // Vietnamese
  ['Lỗi SMTP: Không thể xác thực', 'auth'],
  ['Lỗi SMTP: Không thể kết nối máy chủ SMTP', 'connect'],
  ['Lỗi kết nối với SMTP', 'connect'],
  ['Lỗi SMTP: Dữ liệu không được chấp nhận', 'data'],
  ['Lỗi SMTP: lỗi địa chỉ người nhận: ', 'rcpt'],
  ['Lỗi địa chỉ gửi đi: ', 'from'],
];

/** Every phrase with its kind, read only (tests check the classifier knows each auth and connect one). */
export const SUMMARY_PHRASES: readonly (readonly [string, SummaryKind])[] = PHRASES;

/** lang('smtp_error'): the label in front of the SMTP-class error in ErrorInfo. */
export const ERROR_LABELS: readonly string[] = [
  'SMTP server error: ',
  'Fehler vom SMTP-Server: ',
  'Fehler vom SMTP Server: ',
  'Erreur du serveur SMTP : ',
  'Error del servidor SMTP: ',
  'Erro do servidor SMTP: ',
  'Erro de servidor SMTP: ',
  'Errore del server SMTP: ',
  'SMTP-serverfout: ',
  'Ошибка SMTP-сервера: ',
  'Błąd SMTP: ',
  'SMTP sunucu hatası: ',
  'Kesalahan pada pelayan SMTP : ',
  'Chyba SMTP serveru: ',
  'SMTP服务器出错：',
];
/** lang('smtp_detail'), lang('smtp_code'), lang('smtp_code_ex'): English unless the file translates them. */
export const DETAIL_LABELS: readonly string[] = [' Detail: ', ' Detalle: ', ' Detalhes: '];
export const CODE_LABELS: readonly string[] = ['SMTP code: ', 'Código del servidor SMTP: ', 'Código SMTP: '];
export const EXTRA_LABELS: readonly string[] = ['Additional SMTP info: ', 'Información adicional del servidor SMTP: ', 'Informações adicionais SMTP: '];

/** Appended to lang('smtp_connect_failed') in every language (v5.2.10+). */
export const TROUBLESHOOTING = ' https://github.com/PHPMailer/PHPMailer/wiki/Troubleshooting';

// Cheap gates: every phrase holds one of these, or is a from_failed text, which is always followed by
// PHPMailer's untranslated " : MAIL FROM command failed" (v5.2.8+; Joomla's lowercase one has its own gate, and so do the Chinese ones, which older versions
// wrote without that tail).
const GATES = ['SMTP', 'From address', 'from address failed', 'MAIL FROM command failed', '发送地址错误', '發送地址錯誤', '下面的发送地址', 'Language string failed'];
const SPACES = /[\u00a0\u202f]/g;

/**
 * All phrases as one alternation, for findPhrase(): the leftmost match, and at that position the first
 * phrase in PHRASES order, which is the phrase with the smallest indexOf (ties: the first listed).
 * One pass of irregexp instead of an indexOf per phrase (~0.4 µs a line instead of ~3 µs, measured).
 */
const PHRASE_PATTERN = new RegExp(PHRASES.map(([phrase]) => phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'));
const KIND_OF = new Map<string, SummaryKind>();
for (const [phrase, kind] of PHRASES) if (!KIND_OF.has(phrase)) KIND_OF.set(phrase, kind);

/** Whether `text` may hold a restatement phrase (a few indexOf calls, no allocation). */
export function mayHoldPhrase(text: string): boolean {
  for (const g of GATES) if (text.includes(g)) return true;
  return false;
}

/** The first restatement phrase in `text` (any language), or null. */
export function findPhrase(text: string): PhraseHit | null {
  if (!mayHoldPhrase(text)) return null;
  // U+00A0 / U+202F are one UTF-16 unit, like the space replacing them: offsets stay valid.
  const t = text.includes('\u00a0') || text.includes('\u202f') ? text.replace(SPACES, ' ') : text;
  const m = PHRASE_PATTERN.exec(t);
  if (m !== null) return { kind: KIND_OF.get(m[0])!, at: m.index, end: m.index + m[0].length };
  // smtp_connect_failed in a language not listed: its text is unknown, the link after it is not.
  const link = t.indexOf(TROUBLESHOOTING);
  if (link > 0) {
    const start = sentenceStart(t, link);
    return { kind: 'connect', at: start, end: link };
  }
  return null;
}

/** Where the sentence that ends at `end` starts: after the last ": " or ". " before it (a short look back). */
function sentenceStart(t: string, end: number): number {
  const from = Math.max(0, end - 120);
  let at = from;
  for (const sep of [': ', '. ', '> ']) {
    // A separator must have words after it: the one that ends where the link starts is the sentence's
    // own end (French puts " :" before it, `Echec de la connexion SMTP : https://...`), not its start.
    const i = t.lastIndexOf(sep, end - sep.length - 1);
    if (i >= from && i + sep.length > at) at = i + sep.length;
  }
  return at;
}
