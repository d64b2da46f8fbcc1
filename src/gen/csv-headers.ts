/** Header rows of the generated files, exactly as in the ASX sample dumps (SPEC §2). */
export const ORDERS_HEADER =
  'order_id,exchange,timestamp,security_code,price,side,changereason,orderstatus,quantity,leavesquantity,ordertype,exchangeordertype,national_bid,national_offer,bid,offer,participantid,preferenceonly,midtick,singlefillminimumquantity,minimumquantity,sequence,crossingkey,totalmatchedquantity,shortsellquantity,triggercondition,timevaliditydecoded,row_num,timevalidity,date';

export const TRADES_HEADER =
  'EXCHANGE,sequence,tradedate,tradetime,securitycode,orderid,dealsource,dealsourcedecoded,exchangeinfo,matchgroupid,nationalbidpricesnapshot,nationalofferpricesnapshot,tradeprice,quantity,side,sidedecoded,participantid,passiveaggressive,row_num';

export const NBBO_HEADER =
  'partition,sequence,tradedate,bidprice,creationtime,offerprice,orderbookid,timestamp,userid,runid';
