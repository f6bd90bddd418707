import QRCode from 'qrcode';
import { useMemo } from 'react';
import { respondentEntryAddress, respondentLink, respondentRoleLabels } from '@server/modules/campaigns/campaign-labels';
import type { AccessCodeList, AccessCodeSlot } from '@server/modules/campaigns/campaigns.schemas';
import { formatDeadline } from '../../lib/format';

/** A QR code drawn as one SVG path of dark modules: crisp at any print resolution, and nothing injected as HTML. */
export function QrCode({ text, label }: { text: string; label: string }) {
  const { size, path } = useMemo(() => {
    const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
    let d = '';
    for (let row = 0; row < modules.size; row++)
      for (let column = 0; column < modules.size; column++) if (modules.get(row, column)) d += `M${column} ${row}h1v1h-1z`;
    return { size: modules.size, path: d };
  }, [text]);
  // A quiet zone of 2 modules: enough for phone cameras on a white slip.
  return (
    <svg className="qr" viewBox={`-2 -2 ${size + 4} ${size + 4}`} role="img" aria-label={label} shapeRendering="crispEdges">
      <rect x={-2} y={-2} width={size + 4} height={size + 4} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}

/**
 * A4 sheets of slips, two across and four down, each inside its dashed cut lines whatever the lengths of the
 * names: who the code is for, where to go, the code and a QR code of the personal link.
 */
export function AccessSlips({ list, codes }: { list: AccessCodeList; codes: Array<AccessCodeSlot & { code: string }> }) {
  const address = respondentEntryAddress(list.siteOrigin);
  return (
    <div className="slips-print">
      <div className="slips">
        {codes.map((slot) => {
          const link = respondentLink(list.siteOrigin, slot.code);
          return (
            <article key={slot.responseId} className="slip">
              <div className="slip-text">
                <h3 className="clamp-2">{list.campaignTitle}</h3>
                <p className="slip-school clamp-2">{slot.schoolName}</p>
                <p>Анкета: {respondentRoleLabels[slot.respondentRole].toLowerCase()}</p>
                <p className="slip-code">{slot.code}</p>
                <p className="clamp-2">
                  Откройте <strong>{address}</strong> и введите код или наведите камеру телефона на QR-код.
                </p>
                <p className="slip-link clamp-2">{link}</p>
                <p>Приём анкет до {formatDeadline(list.closesAt, list.timeZone)}. Ответы сохраняются — можно продолжить позже.</p>
              </div>
              <QrCode text={link} label={`QR-код личной ссылки: ${slot.schoolName}, ${respondentRoleLabels[slot.respondentRole]}`} />
            </article>
          );
        })}
      </div>
    </div>
  );
}
