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
  // Simplified Chinese, Japanese
  ['SMTP 错误：登录失败', 'auth'],
  ['SMTP 错误：无法连接到 SMTP 主机', 'connect'],
  ['SMTP 错误：数据不被接受', 'data'],
  ['SMTP 错误：收件人地址错误：', 'rcpt'],
  ['发送地址错误：', 'from'],
  ['SMTP服务器连接失败', 'connect'],
  ['SMTPエラー: 認証できませんでした', 'auth'],
  ['SMTPエラー: SMTPホストに接続できませんでした', 'connect'],
  ['SMTPエラー: データが受け付けられませんでした', 'data'],
  ['SMTPエラー: 次の受信者アドレスに 間違いがあります: ', 'rcpt'],
  ['Fromアドレスを登録する際にエラーが発生しました: ', 'from'],
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
// PHPMailer's untranslated " : MAIL FROM command failed" (v5.2.8+; Joomla's lowercase one has its own gate).
const GATES = ['SMTP', 'From address', 'from address failed', 'MAIL FROM command failed', '发送地址错误', 'Language string failed'];
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
